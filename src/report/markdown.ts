// The per-layer table as GitHub-flavoured Markdown, with the summary as a list. Every text is
// escaped (report/markdown-escape.ts) before the markup this report adds: bold block and totals
// rows, &nbsp; indentation.

import type { Analysis } from '../analysis/analyze.js';
import { cell, DEFAULT_COLUMNS, header, isNumeric, totalCell, type Column } from './columns.js';
import { joinLines } from './lines.js';
import { escapeMarkdown } from './markdown-escape.js';
import { eachRow, tableRows, type Row } from './rows.js';
import { summaryLines } from './summary.js';
import type { TableOptions } from './table.js';

const bold = (text: string): string => (text === '' ? '' : `**${text}**`);

export function* markdownLines(analysis: Analysis, options: TableOptions = {}): Generator<string> {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const align = (c: Column): string => (isNumeric(c) ? '---:' : ':---');
  const rowCell = (c: Column, r: Row): string => {
    const text = escapeMarkdown(cell(c, r, analysis, ''));
    if (c !== 'layer') return text;
    return '&nbsp;&nbsp;'.repeat(r.depth) + (r.kind === 'block' ? bold(text) : text);
  };
  yield line(columns.map((c) => escapeMarkdown(header(c, analysis))));
  yield `|${columns.map(align).join('|')}|`;
  for (const r of eachRow(tableRows(analysis, options.maxDepth ?? Infinity))) yield line(columns.map((c) => rowCell(c, r)));
  yield line(columns.map((c) => bold(escapeMarkdown(totalCell(c, analysis)))));
  yield '';
  for (const s of summaryLines(analysis)) yield `- ${s.trim()}`;
}

export function renderMarkdown(analysis: Analysis, options: TableOptions = {}): string {
  return joinLines(markdownLines(analysis, options));
}
