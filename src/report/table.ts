// The default per-layer table: aligned columns, thousands separators, a totals row, a summary.

import type { ChalkInstance } from 'chalk';
import type { Analysis } from '../analysis/analyze.js';
import { cell, COLUMNS, header, isNumeric, totalCell } from './columns.js';
import { summaryLines } from './summary.js';
import { renderTextTable } from './text-table.js';

export function renderTable(analysis: Analysis, chalk: ChalkInstance): string {
  const table = renderTextTable(
    {
      header: COLUMNS.map((c) => header(c, analysis)),
      align: COLUMNS.map((c) => (isNumeric(c) ? 'right' : 'left')),
      rows: analysis.layers.map((l) => COLUMNS.map((c) => cell(c, l))),
      footer: [COLUMNS.map((c) => totalCell(c, analysis))],
    },
    chalk,
  );
  return table + '\n' + summaryLines(analysis).join('\n') + '\n';
}
