// Source positions. Lines and columns are 1-based (as editors show them); offsets are 0-based.

export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open range of source text: `end` is the position just after the last character. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export function joinSpans(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** A span for the first character of a source text (used when there is nothing better to point at). */
export const START_SPAN: Span = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

/** The lines of a text, as the lexer counts them: LF, CRLF and a lone CR each end one. */
export function sourceLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The span of the end of a text: where "expected more" errors point. Lines end at LF, CRLF or a
 *  lone CR, as the lexer counts them. */
export function endOfText(text: string): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) {
      line++;
      lineStart = i + 1;
    }
  }
  const pos = { offset: text.length, line, column: text.length - lineStart + 1 };
  return { start: pos, end: pos };
}
