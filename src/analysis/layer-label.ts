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

/** The value written for `key`, replaced by the one expansion gave it where it is a name or an
 *  expression of a number argument. */
function valueText(node: NetworkNode, key: string | undefined, written: string): string {
  const given = key === undefined ? undefined : node.given[key];
  if (given === undefined || LITERAL.test(written)) return written;
  const spec = LAYERS[node.kind].args.find((a) => a.key === key);
  return spec && (spec.type === 'int' || spec.type === 'number') ? String(given) : written;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** One argument as written (`k=c`, ` s = 2`, `c` at its position), its value resolved, its spacing kept. */
function resolvedPart(node: NetworkNode, part: string, position: number): string {
  const eq = part.indexOf('=');
  const key = eq >= 0 ? part.slice(0, eq).trim() : LAYERS[node.kind].positional?.[position];
  let start = eq + 1;
  while (start < part.length && isSpace(part.charCodeAt(start))) start++;
  let end = part.length;
  while (end > start && isSpace(part.charCodeAt(end - 1))) end--;
  const written = part.slice(start, end);
  const value = valueText(node, key, written);
  return value === written ? part : part.slice(0, start) + value + part.slice(end);
}

/** Per layer text, where its name ends if a value in it may need rewriting, else -1: a network
 *  repeats a few texts over many layers (EfficientNetV2-S: 511 layers, 30 texts), and scanning each
 *  layer's text again cost a twentieth of its table at start-up. */
const REWRITE_FROM = new Map<string, number>();

function rewriteFrom(text: string): number {
  let from = REWRITE_FROM.get(text);
  if (from === undefined) {
    let end = 0;
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
    from = namesAValue(text, end) ? end : -1;
    if (REWRITE_FROM.size < 10_000) REWRITE_FROM.set(text, from); // bounded: a generated file may have a text per layer
  }
  return from;
}

export function resolvedLabel(node: NetworkNode): string {
  const text = node.text;
  const end = rewriteFrom(text);
  if (end < 0) return text;
  let out = text.slice(0, end);
  let at = end;
  if (text[at] === '-') {
    const end = factorEnd(text, at + 1);
    out += '-' + valueText(node, LAYERS[node.kind].dashArg, text.slice(at + 1, end));
    at = end;
  }
  const open = text.indexOf('(', at);
  if (open >= 0 && text.slice(at, open).trim() === '') {
    const close = closing(text, open);
    const args = splitArgs(text.slice(open + 1, close)).map((part, i) => resolvedPart(node, part, i));
    out += text.slice(at, open + 1) + args.join(',') + text.slice(close, close + 1);
    at = close + 1;
  }
  return out + text.slice(at);
}
