// The per-layer table as GitHub-flavoured Markdown, with the summary as a list.

import type { Analysis } from '../analysis/analyze.js';
import { cell, COLUMNS, header, isNumeric, totalCell, type Column } from './columns.js';
import { joinLines } from './lines.js';
import { eachRow, tableRows, type Row } from './rows.js';
import { summaryLines } from './summary.js';

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function* markdownLines(analysis: Analysis, maxDepth = Infinity): Generator<string> {
  const row = (cells: string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  const align = (c: Column): string => (isNumeric(c) ? '---:' : ':---');
  const label = (r: Row): string => `${'&nbsp;&nbsp;'.repeat(r.depth)}**${r.label}**`;
  yield row(COLUMNS.map((c) => header(c, analysis)));
  yield `|${COLUMNS.map(align).join('|')}|`;
  for (const r of eachRow(tableRows(analysis, maxDepth))) yield row(COLUMNS.map((c) => (r.kind === 'block' && c === 'layer' ? label(r) : cell(c, r, false, '&nbsp;&nbsp;'))));
  yield row(COLUMNS.map((c) => `**${totalCell(c, analysis)}**`.replace('****', '')));
  yield '';
  for (const s of summaryLines(analysis)) yield `- ${s}`;
}

export function renderMarkdown(analysis: Analysis, maxDepth = Infinity): string {
  return joinLines(markdownLines(analysis, maxDepth));
}
