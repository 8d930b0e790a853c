// The default per-layer table: aligned columns, thousands separators, a totals row, a summary.

import type { ChalkInstance } from 'chalk';
import type { Analysis } from '../analysis/analyze.js';
import { cell, COLUMNS, header, isNumeric, totalCell } from './columns.js';
import { tableRows } from './rows.js';
import { summaryLines } from './summary.js';
import { joinLines } from './lines.js';
import { textTableLines } from './text-table.js';
import { PLAIN } from './plain.js';

/** `maxDepth` folds blocks nested deeper than that into one row with their subtotals. */
export function* tableLines(analysis: Analysis, chalk: ChalkInstance = PLAIN, maxDepth = Infinity): Generator<string> {
  const rows = tableRows(analysis, maxDepth);
  yield* textTableLines(
    {
      header: COLUMNS.map((c) => header(c, analysis)),
      align: COLUMNS.map((c) => (isNumeric(c) ? 'right' : 'left')),
      rows: { count: rows.count, cells: (i) => COLUMNS.map((c) => cell(c, rows.row(i))) },
      ...(rows.blocks ? { emphasis: (i: number) => rows.row(i).kind === 'block' } : {}),
      footer: [COLUMNS.map((c) => totalCell(c, analysis))],
    },
    chalk,
  );
  yield '';
  yield* summaryLines(analysis);
}

export function renderTable(analysis: Analysis, chalk: ChalkInstance = PLAIN, maxDepth = Infinity): string {
  return joinLines(tableLines(analysis, chalk, maxDepth));
}
