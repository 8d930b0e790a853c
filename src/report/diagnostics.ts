// Diagnostics for people: `file:line:col  severity  code  message`, the source line with a caret
// under the span, and a one-line fix hint.

import type { ChalkInstance } from 'chalk';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../diagnostics/span.js';
import { PLAIN } from './plain.js';

function severityText(d: Diagnostic, chalk: ChalkInstance): string {
  if (d.severity === 'error') return chalk.red.bold('error');
  if (d.severity === 'warning') return chalk.yellow.bold('warning');
  return chalk.cyan('note');
}

/** The text of the line a position is on, found from its offset and column (splitting the whole
 *  source once per diagnostic cost more than the rest on long files); undefined if out of range. */
function lineAt(source: string, { offset, column }: Position): string | undefined {
  const start = offset - (column - 1);
  if (start < 0 || start > source.length) return undefined;
  let end = start;
  for (let c = source.charCodeAt(end); end < source.length && c !== 10 && c !== 13; c = source.charCodeAt(++end));
  return source.slice(start, end);
}

/** The source line of the span's start, and a caret line under the span (clipped to that line). */
function excerpt(d: Diagnostic, source: string): string[] {
  const { line, column } = d.span.start;
  const text = lineAt(source, d.span.start);
  if (text === undefined) return [];
  const sameLine = d.span.end.line === line;
  const width = Math.max(1, sameLine ? d.span.end.column - column : text.length - column + 1);
  const gutter = String(line).padStart(5);
  // one character for one, so that the caret stays aligned; control characters would drive the terminal
  const clean = text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return [`${gutter} | ${clean}`, `${' '.repeat(5)} | ${' '.repeat(column - 1)}${'^'.repeat(width)}`];
}

export function renderDiagnostic(d: Diagnostic, file: string, source: string, chalk: ChalkInstance = PLAIN): string {
  const where = `${file}:${d.span.start.line}:${d.span.start.column}`;
  const lines = [`${chalk.bold(where)}  ${severityText(d, chalk)}  ${chalk.dim(d.code)}  ${d.message}`];
  lines.push(...excerpt(d, source).map((l) => chalk.dim(l.slice(0, 8)) + l.slice(8)));
  if (d.hint) lines.push(`${' '.repeat(5)} ${chalk.green('fix:')} ${d.hint}`);
  return lines.join('\n') + '\n';
}

/** Every diagnostic, or the first `limit` of them and a line saying how many more there are. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], file: string, source: string, chalk: ChalkInstance = PLAIN, limit = Infinity): string {
  const shown = diagnostics.slice(0, limit).map((d) => renderDiagnostic(d, file, source, chalk)).join('');
  const more = diagnostics.length - Math.min(limit, diagnostics.length);
  return more > 0 ? `${shown}${file}: ${more} more error${more === 1 ? '' : 's'} not shown; fix these first\n` : shown;
}
