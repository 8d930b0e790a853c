// The one JSON reader: strict RFC 8259 text -> a tree of nodes that keep where they are written
// (offsets into the text, `end` exclusive). Two readers build on it: safetensors headers
// (tensor-io/exact-json.ts), which must quote a file's numbers exactly, so a number node keeps its text
// as written (JSON.parse rounds 18446744073709551615 and turns 1e400 into Infinity); and
// cnncalc.config.json (lint/json-spans.ts), whose problems are reported at file:line:column.
//
// Keys are plain strings in an array of entries, never properties of an object here, so "__proto__"
// is a key like any other. A key an object repeats is kept, in order, and marked with the entry that
// gave it first (JSON readers differ on which one wins; the caller decides). Containers nest at most
// MAX_JSON_DEPTH deep, so that a hostile text cannot overflow the stack. Every error is a JsonReadError:
// what went wrong and the offset where; callers word it for their readers. Pure.

/** A value and where it is written: offsets into the text, `end` just after its last character. */
export type JsonNode = { readonly start: number; readonly end: number } & (
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[] } // as written, repeated keys included
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string } // as written: Number(text) may round it
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
);

/** One key and its value; `start` and `end` are the key's (quotes included): an entry is reported there. */
export interface JsonEntry {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly value: JsonNode;
  /** The entry of the same object that gave this key first, when this one repeats it; otherwise undefined. */
  readonly earlier: JsonEntry | undefined;
}

/** What went wrong. The error's offset is: for `expected-*`, that of the character found instead
 *  (the text's length at its end); for a control character or a bad escape, the character's or the
 *  escape's backslash; for an unfinished string, the text's length; for `too-deep`, the bracket that
 *  opens one container too many. */
export type JsonProblem =
  | `expected-${'value' | 'key' | 'colon' | 'comma-or-brace' | 'comma-or-bracket' | 'end'}`
  | 'control-character'
  | 'bad-escape'
  | 'unfinished-string'
  | 'too-deep';

export class JsonReadError extends Error {
  constructor(
    readonly problem: JsonProblem,
    readonly offset: number,
  ) {
    super(`${problem} at offset ${offset}`);
  }
}

/** How deep containers may nest: the 65th array or object inside the others is refused. */
export const MAX_JSON_DEPTH = 64;

/** Reads `text` as one JSON value (white space around it allowed, nothing else); throws JsonReadError. */
export function readJson(text: string): JsonNode {
  const reader = new Reader(text);
  const value = reader.value(0);
  if (reader.skipSpace() < text.length) throw new JsonReadError('expected-end', reader.at);
  return value;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** What each escape letter stands for (\u is read apart). */
const ESCAPED: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX4 = /^[0-9a-fA-F]{4}$/;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** One pass over char codes; `at` is the offset of the next character to read. A safetensors header
 *  of 100,000 tensors is a million nodes, so there is no closure or regular expression per node. */
class Reader {
  at = 0;
  // The items and the entries of the containers being read, innermost last: a container's are sliced
  // off at its end into an array just their size. V8 gives an array 17 places at its first push, and
  // a header's 300,000 small arrays stay alive until it is converted: that spare room cost 15%.
  private readonly items: JsonNode[] = [];
  private readonly entries: JsonEntry[] = [];
  constructor(private readonly text: string) {}

  /** Skips JSON's white space (space, tab, LF, CR); returns the offset reached. */
  skipSpace(): number {
    const text = this.text;
    let at = this.at;
    for (let c = text.charCodeAt(at); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++at));
    return (this.at = at);
  }

  /** The value after white space, inside `depth` containers. */
  value(depth: number): JsonNode {
    const text = this.text;
    const start = this.skipSpace();
    const c = text.charCodeAt(start);
    if (c === 0x7b /* { */) return this.object(start, depth + 1);
    if (c === 0x5b /* [ */) return this.array(start, depth + 1);
    if (c === QUOTE) {
      const value = this.string(start);
      return { kind: 'string', start, end: this.at, value };
    }
    if (c === 0x2d /* - */ || isDigit(c)) {
      const end = this.number(start);
      return { kind: 'number', start, end, text: text.slice(start, end) };
    }
    if (text.startsWith('true', start)) return { kind: 'boolean', start, end: (this.at = start + 4), value: true };
    if (text.startsWith('false', start)) return { kind: 'boolean', start, end: (this.at = start + 5), value: false };
    if (text.startsWith('null', start)) return { kind: 'null', start, end: (this.at = start + 4) };
    throw new JsonReadError('expected-value', start);
  }

  private object(start: number, depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) throw new JsonReadError('too-deep', start);
    const text = this.text;
    const entries = this.entries;
    const from = entries.length;
    let firsts: Map<string, JsonEntry> | undefined; // made once the object has 8 keys
    this.at = start + 1;
    if (text.charCodeAt(this.skipSpace()) !== 0x7d /* } */) {
      for (;;) {
        const keyStart = this.skipSpace();
        if (text.charCodeAt(keyStart) !== QUOTE) throw new JsonReadError('expected-key', keyStart);
        const key = this.string(keyStart);
        const keyEnd = this.at;
        if (text.charCodeAt(this.skipSpace()) !== 0x3a /* : */) throw new JsonReadError('expected-colon', this.at);
        this.at++;
        const value = this.value(depth);
        const earlier = firsts === undefined ? firstWithKey(entries, from, key) : firsts.get(key);
        const entry: JsonEntry = { key, start: keyStart, end: keyEnd, value, earlier };
        entries.push(entry);
        if (firsts !== undefined) {
          if (earlier === undefined) firsts.set(key, entry);
        } else if (entries.length - from === 8) firsts = firstEntries(entries, from);
        const c = text.charCodeAt(this.skipSpace());
        if (c === 0x7d) break;
        if (c !== 0x2c /* , */) throw new JsonReadError('expected-comma-or-brace', this.at);
        this.at++;
      }
    }
    return { kind: 'object', start, end: ++this.at, entries: take(entries, from) };
  }

  private array(start: number, depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) throw new JsonReadError('too-deep', start);
    const text = this.text;
    const items = this.items;
    const from = items.length;
    this.at = start + 1;
    if (text.charCodeAt(this.skipSpace()) !== 0x5d /* ] */) {
      for (;;) {
        items.push(this.value(depth));
        const c = text.charCodeAt(this.skipSpace());
        if (c === 0x5d) break;
        if (c !== 0x2c /* , */) throw new JsonReadError('expected-comma-or-bracket', this.at);
        this.at++;
      }
    }
    return { kind: 'array', start, end: ++this.at, items: take(items, from) };
  }

  /** The string whose opening quote is at `start`, decoded; `at` ends after its closing quote. */
  private string(start: number): string {
    const text = this.text;
    let at = start + 1;
    let c = text.charCodeAt(at);
    // most strings have no escape: one slice
    while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) c = text.charCodeAt(++at);
    if (c === QUOTE) {
      this.at = at + 1;
      return text.slice(start + 1, at);
    }
    let value = text.slice(start + 1, at);
    let from = at; // the start of the run not yet copied into value
    while (c !== QUOTE) {
      if (at >= text.length) throw new JsonReadError('unfinished-string', text.length);
      if (c < 0x20) throw new JsonReadError('control-character', at);
      if (c === BACKSLASH) {
        value += text.slice(from, at) + this.escape(at);
        at += text.charCodeAt(at + 1) === 0x75 /* u */ ? 6 : 2;
        from = at;
      } else at++;
      c = text.charCodeAt(at);
    }
    this.at = at + 1;
    return value + text.slice(from, at);
  }

  /** The character that the escape at `at` (a backslash) stands for. */
  private escape(at: number): string {
    const letter = this.text[at + 1];
    if (letter === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (HEX4.test(hex)) return String.fromCharCode(parseInt(hex, 16));
    } else if (letter !== undefined && ESCAPED[letter] !== undefined) return ESCAPED[letter];
    throw new JsonReadError(letter === undefined ? 'unfinished-string' : 'bad-escape', letter === undefined ? this.text.length : at);
  }

  /** Reads the number at `start` (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?); returns
   *  where it ends. A '.' or an 'e' without digits after it is not part of the number: the caller
   *  meets it where a ',' or the end belongs, and reports it there. */
  private number(start: number): number {
    const text = this.text;
    let at = start;
    if (text.charCodeAt(at) === 0x2d) at++;
    const first = text.charCodeAt(at);
    if (!isDigit(first)) throw new JsonReadError('expected-value', start);
    at++;
    if (first !== 0x30) while (isDigit(text.charCodeAt(at))) at++;
    if (text.charCodeAt(at) === 0x2e /* . */ && isDigit(text.charCodeAt(at + 1))) {
      at += 2;
      while (isDigit(text.charCodeAt(at))) at++;
    }
    const e = text.charCodeAt(at);
    if (e === 0x65 || e === 0x45) {
      const sign = text.charCodeAt(at + 1);
      const digits = sign === 0x2b || sign === 0x2d ? at + 2 : at + 1;
      if (isDigit(text.charCodeAt(digits))) {
        at = digits + 1;
        while (isDigit(text.charCodeAt(at))) at++;
      }
    }
    return (this.at = at);
  }
}

// Repeated keys: a look along the entries while an object has few (most have a handful), a map of
// each key's first entry once it has more (a safetensors header has a key per tensor).

/** The first entry with `key` of the object whose entries are `entries` from `from` on. */
function firstWithKey(entries: readonly JsonEntry[], from: number, key: string): JsonEntry | undefined {
  for (let i = from; i < entries.length; i++) if (entries[i]!.key === key) return entries[i];
  return undefined;
}

function firstEntries(entries: readonly JsonEntry[], from: number): Map<string, JsonEntry> {
  const firsts = new Map<string, JsonEntry>();
  for (let i = from; i < entries.length; i++) if (entries[i]!.earlier === undefined) firsts.set(entries[i]!.key, entries[i]!);
  return firsts;
}

/** The elements of `stack` from `from` on, taken off it. */
function take<T>(stack: T[], from: number): T[] {
  const taken = stack.slice(from);
  stack.length = from;
  return taken;
}
