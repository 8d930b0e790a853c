// Aligned plain-text tables. Colour comes from an injected chalk instance (level 0 = none), so
// tests and pipes get plain text.

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

function pad(text: string, width: number, align: Align): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

export function renderTextTable(table: TextTable, chalk: ChalkInstance): string {
  const all = [table.header, ...table.rows, ...(table.footer ?? [])];
  // A loop, not Math.max(...rows): spreading 200,000 arguments overflows the stack.
  const widths = table.header.map((_, c) => all.reduce((w, r) => Math.max(w, (r[c] ?? '').length), 0));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => pad(cell, widths[c]!, table.align[c] ?? 'left')).join('  ').trimEnd();
  const rule = chalk.dim(widths.map((w) => '-'.repeat(w)).join('  '));
  const body = table.rows.map((r, i) => (table.emphasis?.[i] ? chalk.cyan(line(r)) : line(r)));
  const out = [chalk.bold(line(table.header)), rule, ...body];
  if (table.footer?.length) out.push(rule, ...table.footer.map((r) => chalk.bold(line(r))));
  return out.join('\n') + '\n';
}
