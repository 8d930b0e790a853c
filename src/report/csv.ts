// The per-layer table as CSV (RFC 4180): exact integers without separators, one header line that
// no option but --columns changes (the dtype is a field, not part of a header). Each line says what
// it is in `row`: layer, block (a binding's use or a branch, with subtotals of the layers under it)
// or total (the layers after INPUT); `path` names the blocks it sits in (basic(64) > branch 1 of 2).
// The layer lines after INPUT (index 0) add up to the total line; --depth folds blocks as in the
// text table, and a folded block's layers are then counted in its block line only.

import type { Analysis } from '../analysis/analyze.js';
import { CSV_COLUMNS, csvCells, csvNames, csvTotals, type Column } from './columns.js';
import { joinLines } from './lines.js';
import { eachRow, tableRows } from './rows.js';
import type { TableOptions } from './table.js';

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: readonly string[]): string => cells.map(quote).join(',');

/** The header line of `columns` (every CSV column by default, as without --columns). */
export function csvHeader(columns: readonly Column[] = CSV_COLUMNS): string {
  return line(['row', 'path', ...columns.flatMap(csvNames)]);
}

export function* csvLines(analysis: Analysis, options: TableOptions = {}): Generator<string> {
  const columns: readonly Column[] = options.columns ?? CSV_COLUMNS;
  yield csvHeader(columns);
  for (const r of eachRow(tableRows(analysis, options.maxDepth ?? Infinity))) {
    yield line([r.kind, r.blockPath.join(' > '), ...columns.flatMap((c) => csvCells(c, r, analysis))]);
  }
  yield line(['total', '', ...columns.flatMap((c) => csvTotals(c, analysis))]);
}

export function renderCsv(analysis: Analysis, options: TableOptions = {}): string {
  return joinLines(csvLines(analysis, options));
}
