// The default per-layer table: aligned columns, thousands separators, a totals row, a summary.

import type { Analysis } from '../analysis/analyze.js';
import { cell, DEFAULT_COLUMNS, header, isNumeric, totalCell, type Column } from './columns.js';
import { tableRows } from './rows.js';
import { summaryLines } from './summary.js';
import { joinLines } from './lines.js';
import { textTableLines } from './text-table.js';
import { PLAIN, type Paint } from './plain.js';

export interface TableOptions {
  /** Fold blocks nested deeper than this into one row with their subtotals. */
  readonly maxDepth?: number;
  /** The columns, in order (--columns); DEFAULT_COLUMNS otherwise. */
  readonly columns?: readonly Column[];
}

export function* tableLines(analysis: Analysis, chalk: Paint = PLAIN, options: TableOptions = {}): Generator<string> {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const rows = tableRows(analysis, options.maxDepth ?? Infinity);
  yield* textTableLines(
    {
      header: columns.map((c) => header(c, analysis)),
      align: columns.map((c) => (isNumeric(c) ? 'right' : 'left')),
      rows: {
        count: rows.count,
        cells: (i) => {
          const row = rows.row(i); // once per row, not per column: a flat network's rows are made on demand
          return columns.map((c) => cell(c, row, analysis));
        },
      },
      ...(rows.blocks ? { emphasis: (i: number) => rows.row(i).kind === 'block' } : {}),
      footer: [columns.map((c) => totalCell(c, analysis))],
    },
    chalk,
  );
  yield '';
  yield* summaryLines(analysis);
}

export function renderTable(analysis: Analysis, chalk: Paint = PLAIN, options: TableOptions = {}): string {
  return joinLines(tableLines(analysis, chalk, options));
}
