// Diagnostics for people: `file:line:col  severity  code  message`, the source line with a caret
// under the span, and a one-line fix hint.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../diagnostics/span.js';
import { PLAIN, type Paint } from './plain.js';
import { pathText, UNSAFE_TEXT } from '../util/path-text.js';

/** The text diagnostics point into, and what messages call it: a LintedFile is one, and so is a
 *  file's name beside its compile result's source. */
export interface SourceText {
  readonly file: string;
  readonly source: string;
}

function severityText(d: Diagnostic, chalk: Paint): string {
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

/** How much of a long line an excerpt shows: compilers show a window around the caret, since a
 *  generated one-line network can be megabytes long and a whole line per error multiplies that. */
export const EXCERPT_WIDTH = 100;
/** Of the window, how many characters come before the caret where the line allows. */
const BEFORE_CARET = 40;
const ELLIPSIS = '...';

const isLowSurrogate = (text: string, i: number): boolean => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;

/** The window [from, to) of `text` to show for a caret at index `at`: the whole line if it fits,
 *  else EXCERPT_WIDTH characters starting up to BEFORE_CARET before the caret, never splitting a
 *  surrogate pair. */
function windowOf(text: string, at: number): { from: number; to: number } {
  if (text.length <= EXCERPT_WIDTH) return { from: 0, to: text.length };
  let from = Math.max(0, Math.min(at - BEFORE_CARET, text.length - EXCERPT_WIDTH));
  if (isLowSurrogate(text, from)) from--;
  let to = Math.min(text.length, from + EXCERPT_WIDTH);
  if (isLowSurrogate(text, to)) to--;
  return { from, to };
}

/** The source line of the span's start (a window of it, if long, with '...' where it is cut), and
 *  a caret line under the span (clipped to what is shown). */
function excerpt(d: Diagnostic, source: string): string[] {
  const { line, column } = d.span.start;
  const text = lineAt(source, d.span.start);
  if (text === undefined) return [];
  const sameLine = d.span.end.line === line;
  const width = Math.max(1, sameLine ? d.span.end.column - column : text.length - column + 1);
  const at = column - 1;
  const { from, to } = windowOf(text, at);
  const head = from > 0 ? ELLIPSIS : '';
  const tail = to < text.length ? ELLIPSIS : '';
  const gutter = String(line).padStart(5);
  // one character for one, so that the caret stays aligned; control characters would drive the
  // terminal, and bidirectional overrides or line separators reorder or break the line
  const clean = text.slice(from, to).replace(/\t/g, ' ').replace(UNSAFE_TEXT, '?');
  const carets = Math.max(1, Math.min(width, to - at));
  return [`${gutter} | ${head}${clean}${tail}`, `${' '.repeat(5)} | ${' '.repeat(head.length + at - from)}${'^'.repeat(carets)}`];
}

export function renderDiagnostic(d: Diagnostic, { file, source }: SourceText, chalk: Paint = PLAIN): string {
  const where = `${pathText(file)}:${d.span.start.line}:${d.span.start.column}`;
  const lines = [`${chalk.bold(where)}  ${severityText(d, chalk)}  ${chalk.dim(d.code)}  ${d.message}`];
  lines.push(...excerpt(d, source).map((l) => chalk.dim(l.slice(0, 8)) + l.slice(8)));
  if (d.hint) lines.push(`${' '.repeat(5)} ${chalk.green('fix:')} ${d.hint}`);
  return lines.join('\n') + '\n';
}

/** Every diagnostic, or the first `limit` of them and a line saying how many more there are. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], text: SourceText, chalk: Paint = PLAIN, limit = Infinity): string {
  const shown = diagnostics.slice(0, limit).map((d) => renderDiagnostic(d, text, chalk)).join('');
  const more = diagnostics.length - Math.min(limit, diagnostics.length);
  return more > 0 ? `${shown}${pathText(text.file)}: ${more} more error${more === 1 ? '' : 's'} not shown; fix these first\n` : shown;
}
