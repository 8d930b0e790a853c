// Disable directives, in comments, as eslint's:
//   # cnncalc-disable-next-line RULE[, RULE...] [-- reason]   the next line that holds more than blank
//                                                             space and comments
//   ... => LAYER  # cnncalc-disable-line RULE[, ...]          the line the comment is on
//   # cnncalc-disable RULE[, RULE...]                         the whole file, wherever it is written
// A directive silences the findings of the rules it names whose span starts on its line (or anywhere,
// for the file form). A comment that starts like a directive but is none of these forms (a typo such
// as cnncalc-disable-nextline, cnncalc-enable) is found by unknownDirectives, so that it is reported
// instead of silencing nothing unnoticed.

import type { CompileResult } from '../api.js';
import type { Span } from '../diagnostics/span.js';
import type { Comment } from './types.js';

const DISABLE_NEXT_LINE = 'cnncalc-disable-next-line';
const DISABLE_LINE = 'cnncalc-disable-line';
export const DISABLE_FILE = 'cnncalc-disable';
export const DIRECTIVE_FORMS = [DISABLE_NEXT_LINE, DISABLE_LINE, DISABLE_FILE] as const;

type DirectiveForm = (typeof DIRECTIVE_FORMS)[number];

export interface DirectiveRule {
  readonly id: string;
  /** Where the id is written, to point at an unknown or unused one. */
  readonly span: Span;
}

export interface Directive {
  readonly form: DirectiveForm;
  readonly span: Span;
  readonly rules: readonly DirectiveRule[];
  /** The 1-based line it applies to; null for the file form, and when nothing follows a next-line one. */
  readonly target: number | null;
}

const KNOWN = new RegExp(`^#\\s*(${DIRECTIVE_FORMS.join('|')})(?=\\s|$)`);
/** What looks like a directive: `cnncalc-` first in the comment, in any case. */
const LOOKS_LIKE = /^#\s*(cnncalc-\S*)/i;

/** The line of the first character that is not blank space in source[from, to), counting line
 *  ends from `line` as sourceLines does (CR LF, CR or LF); null when there is none. */
function firstCodeLine(source: string, from: number, to: number, line: number): number | null {
  for (let i = from; i < to; i++) {
    const c = source[i]!;
    if (c === '\n' || (c === '\r' && source[i + 1] !== '\n')) line++;
    else if (!/\s/.test(c)) return line;
  }
  return null;
}

/** For each comment, the first line after it that holds more than blank space and comments. A
 *  comment runs to the end of its line, so only the blank space between one comment and what follows
 *  is read: code there, or else the answer of the next comment. */
function codeLinesAfter(comments: readonly Comment[], source: string): (number | null)[] {
  const after: (number | null)[] = [];
  let next: number | null = null;
  for (let i = comments.length - 1; i >= 0; i--) {
    const { span } = comments[i]!;
    const to = comments[i + 1]?.span.start.offset ?? source.length;
    next = firstCodeLine(source, span.end.offset, to, span.start.line) ?? next;
    after[i] = next;
  }
  return after;
}

/** The span of `length` characters `at` characters into a comment (comments never span lines). */
function within(comment: Comment, at: number, length: number): Span {
  const { line, column, offset } = comment.span.start;
  const start = { line, column: column + at, offset: offset + at };
  return { start, end: { line, column: start.column + length, offset: start.offset + length } };
}

function parseOne(comment: Comment, nextCodeLine: number | null): Directive | null {
  const m = KNOWN.exec(comment.text);
  if (!m) return null;
  const form = m[1] as DirectiveForm;
  const body = comment.text.slice(m[0].length).split('--')[0]!;
  const rules: DirectiveRule[] = [];
  const idPattern = /[^\s,]+/g;
  for (let id = idPattern.exec(body); id; id = idPattern.exec(body)) {
    rules.push({ id: id[0], span: within(comment, m[0].length + id.index, id[0].length) });
  }
  const line = comment.span.start.line;
  const target = form === DISABLE_FILE ? null : form === DISABLE_LINE ? line : nextCodeLine;
  return { form, span: comment.span, rules, target };
}

export function parseDirectives({ comments, source }: Pick<CompileResult, 'comments' | 'source'>): Directive[] {
  const after = codeLinesAfter(comments, source);
  return comments.map((c, i) => parseOne(c, after[i] ?? null)).filter((d): d is Directive => d !== null);
}

/** Comments that start like a directive but are not one: the word written and where. */
export function unknownDirectives(comments: readonly Comment[]): { readonly word: string; readonly span: Span }[] {
  return comments.flatMap((c) => {
    if (KNOWN.test(c.text)) return [];
    const m = LOOKS_LIKE.exec(c.text);
    return m ? [{ word: m[1]!, span: within(c, m[0].length - m[1]!.length, m[1]!.length) }] : [];
  });
}

/** Whether directive `d` applies to a finding that starts on `line`. */
export function appliesTo(d: Directive, line: number): boolean {
  return d.form === DISABLE_FILE || d.target === line;
}
