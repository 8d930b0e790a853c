// `# cnncalc-disable-next-line RULE[, RULE...] [-- reason]`: silences the findings of those rules whose
// span starts on the next line that holds something other than blank space and comments.

import { sourceLines, type Span } from '../diagnostics/span.js';
import type { Comment } from './types.js';

export const DISABLE_NEXT_LINE = 'cnncalc-disable-next-line';

export interface DirectiveRule {
  readonly id: string;
  /** Where the id is written, to point at an unknown or unused one. */
  readonly span: Span;
}

export interface Directive {
  readonly span: Span;
  readonly rules: readonly DirectiveRule[];
  /** The 1-based line it applies to; null when nothing follows it. */
  readonly target: number | null;
}

/** Lines (1-based) that hold more than blank space and comments. */
function codeLines(source: string): boolean[] {
  const lines = sourceLines(source);
  return [false, ...lines.map((l) => l.replace(/#.*$/, '').trim() !== '')];
}

function parseOne(comment: Comment, code: readonly boolean[]): Directive | null {
  const m = /^#\s*cnncalc-disable-next-line(?=\s|$)/.exec(comment.text);
  if (!m) return null;
  const body = comment.text.slice(m[0].length).split('--')[0]!;
  const rules: DirectiveRule[] = [];
  const { line, column, offset } = comment.span.start;
  const idPattern = /[^\s,]+/g;
  for (let id = idPattern.exec(body); id; id = idPattern.exec(body)) {
    const at = m[0].length + id.index;
    const start = { line, column: column + at, offset: offset + at };
    rules.push({ id: id[0], span: { start, end: { line, column: start.column + id[0].length, offset: start.offset + id[0].length } } });
  }
  let target: number | null = null;
  for (let l = line + 1; l < code.length; l++) {
    if (code[l]) {
      target = l;
      break;
    }
  }
  return { span: comment.span, rules, target };
}

export function parseDirectives(comments: readonly Comment[], source: string): Directive[] {
  const code = codeLines(source);
  return comments.map((c) => parseOne(c, code)).filter((d): d is Directive => d !== null);
}
