// Source positions computed from offsets on demand. The lexer records where each line starts; a
// span keeps two offsets and finds its lines and columns only when a report asks for them. A
// 100,000-layer file has about a million tokens and AST spans, and keeping three position objects
// for each of them cost more than parsing.

import type { Position, Span } from './span.js';

export class LineIndex {
  /** `starts[i]` is the offset where line i + 1 starts; starts[0] is 0. Lines end at LF, CRLF or CR. */
  constructor(private readonly starts: readonly number[]) {}

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { offset, line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

/** A span from `startOffset` up to (not including) `endOffset`, positions computed when read. */
export class OffsetSpan implements Span {
  constructor(
    private readonly lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get start(): Position {
    return this.lines.position(this.startOffset);
  }

  get end(): Position {
    return this.lines.position(this.endOffset);
  }

  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

/** The text a span covers. An OffsetSpan has its offsets at hand: reading them through `start` and
 *  `end` would look up lines and columns first (once per layer when a long network is expanded). */
export function spanText(source: string, span: Span): string {
  return span instanceof OffsetSpan ? source.slice(span.startOffset, span.endOffset) : source.slice(span.start.offset, span.end.offset);
}
