// Aligned plain-text tables, measured in visible columns (a coloured cell's escapes take none,
// report/width.ts). Colour comes from an injected Paint (report/plain.ts; PLAIN paints nothing), so
// tests and pipes get plain text. Written with plain loops: a 100,000-layer table has nearly a
// million cells, and intermediate arrays per row cost more than the text itself.

import type { Paint } from './plain.js';
import { joinLines } from './lines.js';
import { spaces, visibleWidth } from './width.js';

type Align = 'left' | 'right';

/** Rows made on demand. A long table's cells are made twice (for the widths, then for the text)
 *  and never kept, which is cheaper than keeping them alive; a short table's are made once. */
interface RowSource {
  readonly count: number;
  cells(index: number): readonly string[];
}

export interface TextTable {
  readonly header: readonly string[];
  readonly align: readonly Align[];
  readonly rows: readonly (readonly string[])[] | RowSource;
  /** Rows to show dimmed-bold (block headers with subtotals). */
  readonly emphasis?: (index: number) => boolean;
  /** Rows after a rule line, in bold: totals. */
  readonly footer?: readonly (readonly string[])[];
}

/** Up to this many cells, made once and kept: a table of a few thousand rows. */
const KEPT_CELLS = 100_000;

function sourceOf(rows: TextTable['rows'], columns: number): RowSource {
  if (!('count' in rows)) return { count: rows.length, cells: (i) => rows[i]! };
  if (rows.count * columns > KEPT_CELLS) return rows;
  const kept: (readonly string[])[] = [];
  for (let i = 0; i < rows.count; i++) kept.push(rows.cells(i));
  return { count: kept.length, cells: (i) => kept[i]! };
}

function columnWidths(table: TextTable, rows: RowSource): number[] {
  const widths = table.header.map(visibleWidth);
  const widen = (r: readonly string[]): void => {
    for (let c = 0; c < widths.length; c++) {
      const cell = r[c] ?? '';
      // a cell shows no wider than its length: only a longer one needs measuring
      if (cell.length > widths[c]!) widths[c] = Math.max(widths[c]!, visibleWidth(cell));
    }
  };
  for (let i = 0; i < rows.count; i++) widen(rows.cells(i));
  for (const r of table.footer ?? []) widen(r);
  return widths;
}

/** A row's text: cells padded to their columns' widths, two spaces apart, with nothing after the
 *  last cell that is not empty (no trailing spaces to trim off a copy of the line). Made of two
 *  pieces a cell, a run of spaces (the separator with the padding on the cell's side) and the
 *  cell, joined once: concatenated one by one, the pieces' intermediate strings were a tenth of
 *  an EfficientNetV2-S table's garbage. */
function line(r: readonly string[], widths: readonly number[], align: readonly Align[]): string {
  let last = widths.length - 1;
  while (last > 0 && !r[last]) last--;
  const pieces: string[] = [];
  let gap = 0; // spaces owed before the next cell: the separator, and a left-aligned cell's padding
  for (let c = 0; c <= last; c++) {
    const cell = r[c] ?? '';
    const padding = widths[c]! - visibleWidth(cell);
    if (align[c] === 'right') {
      pieces.push(spaces(gap + padding), cell);
      gap = 2;
    } else {
      pieces.push(spaces(gap), cell);
      gap = 2 + Math.max(0, padding);
    }
  }
  return pieces.join('');
}

/** The table line by line: header, rule, rows, and the footer after a second rule. */
export function* textTableLines(table: TextTable, chalk: Paint): Generator<string> {
  const rows = sourceOf(table.rows, table.header.length);
  const widths = columnWidths(table, rows);
  const align = table.align;
  const rule = chalk.dim(widths.map((w) => '-'.repeat(w)).join('  '));
  yield chalk.bold(line(table.header, widths, align));
  yield rule;
  for (let i = 0; i < rows.count; i++) {
    const text = line(rows.cells(i), widths, align);
    yield table.emphasis?.(i) ? chalk.cyan(text) : text;
  }
  if (table.footer?.length) {
    yield rule;
    for (const r of table.footer) yield chalk.bold(line(r, widths, align));
  }
}

export function renderTextTable(table: TextTable, chalk: Paint): string {
  return joinLines(textTableLines(table, chalk));
}
