// The per-layer table as GitHub-flavoured Markdown, with the summary as a list.

import type { Analysis } from '../analysis/analyze.js';
import { cell, COLUMNS, header, isNumeric, totalCell, type Column } from './columns.js';
import { tableRows } from './rows.js';
import { summaryLines } from './summary.js';

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderMarkdown(analysis: Analysis, maxDepth = Infinity): string {
  const row = (cells: string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  const align = (c: Column): string => (isNumeric(c) ? '---:' : ':---');
  const lines = [
    row(COLUMNS.map((c) => header(c, analysis))),
    `|${COLUMNS.map(align).join('|')}|`,
    ...tableRows(analysis, maxDepth).map((r) => row(COLUMNS.map((c) => (r.kind === 'block' && c === 'layer' ? `${'&nbsp;&nbsp;'.repeat(r.depth)}**${r.label}**` : cell(c, r, false, '&nbsp;&nbsp;'))))),
    row(COLUMNS.map((c) => `**${totalCell(c, analysis)}**`.replace('****', ''))),
    '',
    ...summaryLines(analysis).map((s) => `- ${s}`),
  ];
  return lines.join('\n') + '\n';
}
