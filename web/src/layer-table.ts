// The per-layer table: the rows, headers, cells and totals of `cnncalc table` (report/rows.ts,
// report/columns.ts) and its summary lines, as an HTML <table>. Only the rows in view (and a
// margin) are in the document, between two spacer rows: laying out all of ResNet-50's 213 rows
// cost most of a keystroke's update, the window's few dozen cost little, and so would a
// 100,000-layer network's. Every row has one height and every column a width in ch (the font is
// monospace), so the columns keep their widths as rows come and go.

import type { Analysis } from '../../src/analysis/analyze.js';
import { cell, DEFAULT_COLUMNS, header, isNumeric, totalCell } from '../../src/report/columns.js';
import { eachRow, tableRows } from '../../src/report/rows.js';
import { summaryLines } from '../../src/report/summary.js';
import { escapeHtml } from './html.js';

const COLUMNS = DEFAULT_COLUMNS;
/** Pixels per body row: the CSS reads it from --row, set here. */
const ROW_HEIGHT = 20;
/** Rows drawn above and below the view, so that a fast scroll does not show blank rows. */
const MARGIN = 12;

export interface LayerTable {
  show(analysis: Analysis): void;
  /** Draws the rows now in view (after a scroll, a resize or the panel being shown). */
  draw(): void;
}

interface Content {
  readonly cells: readonly (readonly string[])[];
  readonly blocks: readonly boolean[];
}

const align = COLUMNS.map((c) => (isNumeric(c) ? ' class="num"' : ''));

function fixedRow(cells: readonly string[], tag: 'th' | 'td'): string {
  return `<tr>${cells.map((text, i) => `<${tag}${align[i]}>${escapeHtml(text)}</${tag}>`).join('')}</tr>`;
}

function bodyRow(content: Content, i: number): string {
  const cells = content.cells[i]!.map((text, c) => `<td${align[c]}>${escapeHtml(text)}</td>`).join('');
  const classes = `${i % 2 ? 'odd' : ''}${content.blocks[i] ? ' block' : ''}`;
  return `<tr${classes ? ` class="${classes.trim()}"` : ''}>${cells}</tr>`;
}

function spacer(rows: number): string {
  return rows > 0 ? `<tr class="spacer"><td colspan="${COLUMNS.length}" style="height:${rows * ROW_HEIGHT}px"></td></tr>` : '';
}

/** Column widths in ch: the longest cell of each, header and totals included. */
function colgroup(lines: readonly (readonly string[])[]): string {
  const widths = COLUMNS.map((_, c) => Math.max(...lines.map((r) => r[c]!.length)));
  return widths.map((w) => `<col style="width:calc(${w}ch + 1.2rem)">`).join('');
}

export function createLayerTable(panel: HTMLElement): LayerTable {
  panel.innerHTML = '<table class="layers"><colgroup></colgroup><thead></thead><tbody></tbody><tfoot></tfoot></table><ul class="summary"></ul>';
  const table = panel.querySelector('table')!;
  table.style.setProperty('--row', `${ROW_HEIGHT}px`);
  const [colgroupEl, thead, tbody, tfoot] = [table.querySelector('colgroup')!, table.tHead!, table.tBodies[0]!, table.tFoot!];
  const summary = panel.querySelector('ul')!;
  let content: Content = { cells: [], blocks: [] };
  let view = 0;
  let drawnFirst = -1;

  const firstInView = (): number => Math.max(0, Math.min(content.cells.length, Math.floor(panel.scrollTop / ROW_HEIGHT) - MARGIN));
  const draw = (): void => {
    const n = content.cells.length;
    const first = firstInView();
    const last = Math.min(n, first + Math.ceil(view / ROW_HEIGHT) + 2 * MARGIN);
    let html = spacer(first);
    for (let i = first; i < last; i++) html += bodyRow(content, i);
    tbody.innerHTML = html + spacer(n - last);
    drawnFirst = first;
  };
  panel.addEventListener('scroll', () => {
    if (firstInView() !== drawnFirst) draw();
  });
  new ResizeObserver(() => {
    view = panel.clientHeight;
    draw();
  }).observe(panel);

  return {
    show(analysis) {
      const cells: string[][] = [];
      const blocks: boolean[] = [];
      for (const row of eachRow(tableRows(analysis, Infinity))) {
        cells.push(COLUMNS.map((c) => cell(c, row, analysis)));
        blocks.push(row.kind === 'block');
      }
      content = { cells, blocks };
      const head = COLUMNS.map((c) => header(c, analysis));
      const foot = COLUMNS.map((c) => totalCell(c, analysis));
      colgroupEl.innerHTML = colgroup([head, foot, ...cells]);
      thead.innerHTML = fixedRow(head, 'th');
      tfoot.innerHTML = fixedRow(foot, 'td');
      summary.innerHTML = summaryLines(analysis).map((l) => `<li>${escapeHtml(l)}</li>`).join('');
      draw();
    },
    draw,
  };
}
