// Aligned plain-text tables. Colour comes from an injected chalk instance (level 0 = none), so
// tests and pipes get plain text. Written with plain loops: a 100,000-layer table has nearly a
// million cells, and intermediate arrays per row cost more than the text itself.

import type { ChalkInstance } from 'chalk';

export type Align = 'left' | 'right';

export interface TextTable {
  readonly header: readonly string[];
  readonly align: readonly Align[];
  readonly rows: readonly (readonly string[])[];
  /** Rows to show dimmed-bold (block headers with subtotals). */
  readonly emphasis?: readonly boolean[];
  /** Rows after a rule line, in bold: totals. */
  readonly footer?: readonly (readonly string[])[];
}

function columnWidths(table: TextTable): number[] {
  const widths = table.header.map((h) => h.length);
  const widen = (r: readonly string[]): void => {
    for (let c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c]!, (r[c] ?? '').length);
  };
  for (const r of table.rows) widen(r);
  for (const r of table.footer ?? []) widen(r);
  return widths;
}

function line(r: readonly string[], widths: readonly number[], align: readonly Align[]): string {
  let text = '';
  for (let c = 0; c < widths.length; c++) {
    const cell = r[c] ?? '';
    if (c > 0) text += '  ';
    text += align[c] === 'right' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!);
  }
  return text.trimEnd();
}

export function renderTextTable(table: TextTable, chalk: ChalkInstance): string {
  const widths = columnWidths(table);
  const align = table.align;
  const rule = chalk.dim(widths.map((w) => '-'.repeat(w)).join('  '));
  let out = chalk.bold(line(table.header, widths, align)) + '\n' + rule + '\n';
  table.rows.forEach((r, i) => {
    out += (table.emphasis?.[i] ? chalk.cyan(line(r, widths, align)) : line(r, widths, align)) + '\n';
  });
  if (table.footer?.length) {
    out += rule + '\n';
    for (const r of table.footer) out += chalk.bold(line(r, widths, align)) + '\n';
  }
  return out;
}
