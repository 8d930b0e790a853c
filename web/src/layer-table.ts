// The per-layer table: the rows, headers, cells and totals of `cnncalc table` (report/rows.ts,
// report/columns.ts) and its summary lines, as an HTML <table>. Only the rows in view (and a
// margin) are in the document, between two spacer rows: laying out all of ResNet-50's 213 rows
// cost most of a keystroke's update, the window's few dozen cost little, and so would a
// 100,000-layer network's. Every row has one height and every column a width in ch (the font is
// monospace), so the columns keep their widths as rows come and go; the row elements are reused
// and only the cells whose text changed are written.

import type { Analysis } from '../../src/analysis/analyze.js';
import { cell, DEFAULT_COLUMNS, header, isNumeric, totalCell } from '../../src/report/columns.js';
import { eachRow, tableRows } from '../../src/report/rows.js';
import { summaryLines } from '../../src/report/summary.js';
import { escapeHtml, setHtml } from './html.js';

const COLUMNS = DEFAULT_COLUMNS;
/** Pixels per body row: the CSS reads it from --row, set here. */
const ROW_HEIGHT = 20;
/** Rows drawn above and below the view, so that a fast scroll does not show blank rows. */
const MARGIN = 12;
/** A cell's padding, left and right together, in rem (style.css). */
const PADDING_REM = 0.9;

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

/** Column widths in ch: the longest cell of each, header and totals included. */
function widths(lines: readonly (readonly string[])[]): number[] {
  return COLUMNS.map((_, c) => Math.max(...lines.map((r) => r[c]!.length)));
}

function emptyRow(): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of COLUMNS) {
    const td = tr.insertCell();
    if (isNumeric(c)) td.className = 'num';
  }
  return tr;
}

function spacerRow(): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = 'spacer';
  tr.insertCell().colSpan = COLUMNS.length;
  return tr;
}

function setSpacer(tr: HTMLTableRowElement, rows: number): void {
  tr.hidden = rows === 0;
  tr.cells[0]!.style.height = `${rows * ROW_HEIGHT}px`;
}

/** Writes row i into a row element, touching only what differs from what it showed. */
function fill(tr: HTMLTableRowElement, content: Content, i: number): void {
  const className = `${i % 2 ? 'odd' : ''}${content.blocks[i] ? ' block' : ''}`.trim();
  if (tr.className !== className) tr.className = className;
  const cells = content.cells[i]!;
  for (let c = 0; c < cells.length; c++) {
    const td = tr.cells[c]!;
    if (td.textContent !== cells[c]) td.textContent = cells[c]!;
  }
}

export function createLayerTable(panel: HTMLElement): LayerTable {
  panel.innerHTML = '<table class="layers"><colgroup></colgroup><thead></thead><tbody></tbody><tfoot></tfoot></table><ul class="summary"></ul>';
  const table = panel.querySelector('table')!;
  table.style.setProperty('--row', `${ROW_HEIGHT}px`);
  const [colgroup, thead, tbody, tfoot] = [table.querySelector('colgroup')!, table.tHead!, table.tBodies[0]!, table.tFoot!];
  const summary = panel.querySelector('ul')!;
  const [above, below] = [spacerRow(), spacerRow()];
  tbody.append(above, below);
  /** The row elements between the spacers, reused from draw to draw. */
  const pool: HTMLTableRowElement[] = [];
  let content: Content = { cells: [], blocks: [] };
  let view = 0;
  let drawnFirst = -1;

  const firstInView = (): number => Math.max(0, Math.min(content.cells.length, Math.floor(panel.scrollTop / ROW_HEIGHT) - MARGIN));
  const draw = (): void => {
    const n = content.cells.length;
    const first = firstInView();
    const last = Math.min(n, first + Math.ceil(view / ROW_HEIGHT) + 2 * MARGIN);
    while (pool.length < last - first) pool.push(tbody.insertBefore(emptyRow(), below));
    pool.forEach((tr, k) => {
      tr.hidden = first + k >= last;
      if (!tr.hidden) fill(tr, content, first + k);
    });
    setSpacer(above, first);
    setSpacer(below, n - last);
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
      const w = widths([head, foot, ...cells]);
      // a width of its own, so that the fixed layout applies: no cell is measured to lay out a row
      table.style.width = `calc(${w.reduce((a, b) => a + b, 0)}ch + ${w.length * PADDING_REM}rem)`;
      setHtml(colgroup, w.map((x) => `<col style="width:calc(${x}ch + ${PADDING_REM}rem)">`).join(''));
      setHtml(thead, fixedRow(head, 'th'));
      setHtml(tfoot, fixedRow(foot, 'td'));
      setHtml(summary, summaryLines(analysis).map((l) => `<li>${escapeHtml(l)}</li>`).join(''));
      draw();
    },
    draw,
  };
}
