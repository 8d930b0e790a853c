// The per-layer table as CSV (RFC 4180): exact integers without separators, one header line.

import type { Analysis } from '../analysis/analyze.js';
import { cell, COLUMNS, header, totalCell } from './columns.js';
import { tableRows } from './rows.js';

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(analysis: Analysis): string {
  const line = (cells: string[]): string => cells.map(quote).join(',');
  return [
    line(COLUMNS.map((c) => header(c, analysis))),
    ...tableRows(analysis).filter((r) => r.kind === 'layer').map((r) => line(COLUMNS.map((c) => cell(c, { ...r, depth: 0 }, true)))),
    line(COLUMNS.map((c) => totalCell(c, analysis, true))),
  ].join('\n') + '\n';
}
