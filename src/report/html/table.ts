// The report's per-layer table: the rows and cells `cnncalc table` prints (report/rows.ts,
// report/columns.ts), as an HTML table, block rows in bold with their layers indented under them,
// the totals row and the summary lines under it. Formatting only: every figure comes from the analysis.

import type { Analysis } from '../../analysis/analyze.js';
import { cell, DEFAULT_COLUMNS, header, isNumeric, totalCell, type Column } from '../columns.js';
import { eachRow, tableRows, type Row } from '../rows.js';
import { summaryLines } from '../summary.js';
import { escapeHtml } from './escape.js';

function td(column: Column, text: string, tag = 'td', style = ''): string {
  const numeric = isNumeric(column) ? ' class="n"' : '';
  return `<${tag}${numeric}${style}>${escapeHtml(text)}</${tag}>`;
}

function rowHtml(row: Row, analysis: Analysis, columns: readonly Column[]): string {
  // nesting shown by indentation, as the text table's two spaces per level
  const indent = (c: Column): string => (c === 'layer' && row.depth > 0 ? ` style="padding-left:${row.depth + 0.5}em"` : '');
  const cells = columns.map((c) => td(c, cell(c, row, analysis, ''), 'td', indent(c)));
  return `<tr${row.kind === 'block' ? ' class="block"' : ''}>${cells.join('')}</tr>`;
}

export function tableSection(analysis: Analysis, columns: readonly Column[] = DEFAULT_COLUMNS): string {
  const head = columns.map((c) => td(c, header(c, analysis), 'th')).join('');
  const body = [...eachRow(tableRows(analysis))].map((r) => rowHtml(r, analysis, columns));
  const totals = columns.map((c) => td(c, totalCell(c, analysis))).join('');
  const summary = summaryLines(analysis).map((l) => `<li>${escapeHtml(l.trim())}</li>`);
  return [
    '<table class="layers">',
    `<thead><tr>${head}</tr></thead>`,
    '<tbody>',
    ...body,
    '</tbody>',
    `<tfoot><tr>${totals}</tr></tfoot>`,
    '</table>',
    `<ul class="summary">${summary.join('')}</ul>`,
  ].join('\n');
}
