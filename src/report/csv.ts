// The per-layer table as CSV (RFC 4180): exact integers without separators, one header line.

import type { Analysis } from '../analysis/analyze.js';
import { cell, COLUMNS, header, totalCell } from './columns.js';
import { joinLines } from './lines.js';
import { eachRow, tableRows } from './rows.js';

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function* csvLines(analysis: Analysis): Generator<string> {
  const line = (cells: string[]): string => cells.map(quote).join(',');
  yield line(COLUMNS.map((c) => header(c, analysis)));
  for (const r of eachRow(tableRows(analysis))) {
    if (r.kind === 'layer') yield line(COLUMNS.map((c) => cell(c, { ...r, depth: 0 }, true)));
  }
  yield line(COLUMNS.map((c) => totalCell(c, analysis, true)));
}

export function renderCsv(analysis: Analysis): string {
  return joinLines(csvLines(analysis));
}
