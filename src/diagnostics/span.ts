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
