// A JSON reader that keeps where each key and value is written, so that a bad configuration can be
// reported at file:line:column (JSON.parse gives values without positions, and for a syntax error
// only an offset in words that differ between Node versions). Strict JSON (RFC 8259): no comments,
// no trailing commas. Pure: no Node APIs.

import { LineIndex, OffsetSpan } from '../diagnostics/line-index.js';
import type { Span } from '../diagnostics/span.js';

export type JsonNode =
  | { readonly kind: 'object'; readonly span: Span; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly span: Span; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly span: Span; readonly value: string }
  | { readonly kind: 'number'; readonly span: Span; readonly value: number }
  | { readonly kind: 'boolean'; readonly span: Span; readonly value: boolean }
  | { readonly kind: 'null'; readonly span: Span };

export interface JsonEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** A syntax error at `span`: what was found and what JSON expects there. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return new LineIndex(starts);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WORD = /true|false|null/y;

class Reader {
  private at = 0;
  private readonly lines: LineIndex;

  constructor(private readonly text: string) {
    this.lines = lineIndex(text);
  }

  span(start: number, end: number): Span {
    return new OffsetSpan(this.lines, start, end);
  }

  private fail(expected: string): never {
    this.skipSpace();
    const found = this.at >= this.text.length ? 'the end of the file' : `'${this.text[this.at]}'`;
    throw new JsonSyntaxError(`expected ${expected}, found ${found}`, this.span(this.at, Math.min(this.at + 1, this.text.length)));
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at++;
  }

  private match(pattern: RegExp): string | null {
    pattern.lastIndex = this.at;
    const m = pattern.exec(this.text);
    if (!m) return null;
    this.at += m[0].length;
    return m[0];
  }

  private take(char: string): boolean {
    this.skipSpace();
    if (this.text[this.at] !== char) return false;
    this.at++;
    return true;
  }

  value(): JsonNode {
    this.skipSpace();
    const start = this.at;
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    const string = this.match(STRING);
    if (string !== null) return { kind: 'string', span: this.span(start, this.at), value: JSON.parse(string) as string };
    const number = this.match(NUMBER);
    if (number !== null) return { kind: 'number', span: this.span(start, this.at), value: Number(number) };
    const word = this.match(WORD);
    if (word === 'null') return { kind: 'null', span: this.span(start, this.at) };
    if (word !== null) return { kind: 'boolean', span: this.span(start, this.at), value: word === 'true' };
    return this.fail('a value (a string in double quotes, a number, true, false, null, an object or an array)');
  }

  private object(): JsonNode {
    const start = this.at++;
    const entries: JsonEntry[] = [];
    if (!this.take('}')) {
      do {
        this.skipSpace();
        const keyStart = this.at;
        const key = this.match(STRING);
        if (key === null) this.fail('a key in double quotes');
        const keySpan = this.span(keyStart, this.at);
        if (!this.take(':')) this.fail("':' after the key");
        entries.push({ key: JSON.parse(key) as string, keySpan, value: this.value() });
      } while (this.take(','));
      if (!this.take('}')) this.fail("',' or '}'");
    }
    return { kind: 'object', span: this.span(start, this.at), entries };
  }

  private array(): JsonNode {
    const start = this.at++;
    const items: JsonNode[] = [];
    if (!this.take(']')) {
      do items.push(this.value());
      while (this.take(','));
      if (!this.take(']')) this.fail("',' or ']'");
    }
    return { kind: 'array', span: this.span(start, this.at), items };
  }

  end(): void {
    this.skipSpace();
    if (this.at < this.text.length) this.fail('the end of the file after the value');
  }
}

/** The JSON value of `text` with the span of every key and value; throws JsonSyntaxError. */
export function readJson(text: string): JsonNode {
  const reader = new Reader(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const value = reader.value();
  reader.end();
  return value;
}
