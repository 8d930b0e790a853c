// A layer's row label with the values its arguments took: inside `let basic(c) = ... CONV(f=3, k=c)`
// the row for basic(64) reads CONV(f=3, k=64), as does CONV(k=N) under `let N = 64` or --set N=64.
// Only arguments written as names or expressions are replaced, with the evaluated value expansion
// recorded in `given`; literals, words (mode=avg, bias=no), flags (global), spacing and the shape
// after INPUT stay as written. `cnncalc layers` keeps the source text itself.

import { LAYERS } from '../layers/index.js';
import type { NetworkNode } from '../notation/network.js';

const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
const isWordChar = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57);

/** Whether a name stands after the layer's own where it is not a key (`k=`): the only case that
 *  needs rewriting. A plain loop: it runs twice per row of a 100,000-layer table, where a regular
 *  expression cost a fifth of the table's time. Words (avg, no) and flags (global) also answer yes;
 *  the rewrite keeps them. */
function namesAValue(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isWordChar(c)) continue;
    const word = isWordStart(c);
    while (i + 1 < text.length && isWordChar(text.charCodeAt(i + 1))) i++;
    if (!word) continue; // a number, or the 32x32x3 of a shape
    let next = i + 1;
    while (text.charCodeAt(next) === 32) next++;
    if (text.charCodeAt(next) !== 61) return true; // not followed by '='
  }
  return false;
}

const LITERAL = /^\d+(?:\.\d+)?$/;

/** Where the bracketed text that opens at `open` closes (or the end). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

/** The end of the value after CONV3-: a number, a name, or a parenthesised expression. */
function factorEnd(text: string, start: number): number {
  if (text[start] === '(') return closing(text, start) + 1;
  return start + (/^\w*/.exec(text.slice(start))![0].length);
}

/** The argument list's parts split at top-level commas, each with its text kept as written. */
function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** A value as written in a layer's text that the layer's own value replaces, where `given` has its
 *  key: a name or an expression of a number argument. */
interface Slot {
  readonly key: string;
  readonly written: string;
}

/** A layer text cut into what stays as written (strings) and the values that may be replaced (slots). */
type Template = readonly (string | Slot)[];

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** A value's slot, or null where it always stays as written: a literal, a word, a flag, a key the
 *  kind does not take as a number. */
function slot(kind: NetworkNode['kind'], key: string | undefined, written: string): Slot | null {
  if (key === undefined || LITERAL.test(written)) return null;
  const spec = LAYERS[kind].args.find((a) => a.key === key);
  return spec && (spec.type === 'int' || spec.type === 'number') ? { key, written } : null;
}

/** One argument as written (`k=c`, ` s = 2`, `c` at its position), cut around its value, its spacing kept. */
function argPieces(kind: NetworkNode['kind'], part: string, position: number, pieces: (string | Slot)[]): void {
  const eq = part.indexOf('=');
  const key = eq >= 0 ? part.slice(0, eq).trim() : LAYERS[kind].positional?.[position];
  let start = eq + 1;
  while (start < part.length && isSpace(part.charCodeAt(start))) start++;
  let end = part.length;
  while (end > start && isSpace(part.charCodeAt(end - 1))) end--;
  const value = slot(kind, key, part.slice(start, end));
  if (value) pieces.push(part.slice(0, start), value, part.slice(end));
  else pieces.push(part);
}

/** The text's template: the name, the value after the dash, the arguments, the rest as written. */
function templateOf(kind: NetworkNode['kind'], text: string, nameEnd: number): Template {
  const pieces: (string | Slot)[] = [text.slice(0, nameEnd)];
  let at = nameEnd;
  if (text[at] === '-') {
    const end = factorEnd(text, at + 1);
    const written = text.slice(at + 1, end);
    pieces.push('-', slot(kind, LAYERS[kind].dashArg, written) ?? written);
    at = end;
  }
  const open = text.indexOf('(', at);
  if (open >= 0 && text.slice(at, open).trim() === '') {
    const close = closing(text, open);
    pieces.push(text.slice(at, open + 1));
    splitArgs(text.slice(open + 1, close)).forEach((part, i) => {
      if (i > 0) pieces.push(',');
      argPieces(kind, part, i, pieces);
    });
    pieces.push(text.slice(close, close + 1));
    at = close + 1;
  }
  pieces.push(text.slice(at));
  return pieces;
}

/** Per layer text, its template, or null for a text without a value to replace. A network repeats a
 *  few texts over many layers (EfficientNetV2-S: 511 layers, 30 texts), and cutting each layer's
 *  text anew was a fifth of its table at start-up. Bounded: a generated file may hold a text per layer. */
const TEMPLATES = new Map<string, Template | null>();
const MAX_TEMPLATES = 10_000;

function templateFor(node: NetworkNode): Template | null {
  const text = node.text;
  let template = TEMPLATES.get(text);
  if (template === undefined) {
    let end = 0;
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
    template = namesAValue(text, end) ? templateOf(node.kind, text, end) : null;
    if (TEMPLATES.size < MAX_TEMPLATES) TEMPLATES.set(text, template);
  }
  return template;
}

export function resolvedLabel(node: NetworkNode): string {
  const template = templateFor(node);
  if (!template) return node.text;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const piece = template[i]!;
    if (typeof piece === 'string') out += piece;
    else {
      const given = node.given[piece.key];
      out += given === undefined ? piece.written : String(given);
    }
  }
  return out;
}
