// JSON made a piece at a time: the same text as JSON.stringify(value, null, 2), as Lines. A
// 700,000-layer table is more JSON than V8's longest string (2^29 - 24 characters), so one string
// cannot hold it; as lines, the command line writes it in chunks (lines.ts). Objects are walked,
// arrays are walked element by element, and each element is stringified on its own (an element is
// one layer, one finding: small), so a piece is never much longer than one element.
// `lazyArray` is an array whose elements are made as they are written (a layer's JSON object only
// while it is being written), and reads as an ordinary array to JSON.stringify.

import type { Lines } from './lines.js';

const STEP = '  ';

/** An array made on demand: `map` over `items`, one element at a time. */
export class LazyArray<T, U> {
  constructor(private readonly items: Iterable<T>, private readonly map: (item: T) => U) {}
  *[Symbol.iterator](): Iterator<U> {
    for (const item of this.items) yield this.map(item);
  }
  toJSON(): U[] {
    return Array.from(this);
  }
}

export function lazyArray<T, U>(items: Iterable<T>, map: (item: T) => U): LazyArray<T, U> {
  return new LazyArray(items, map);
}

/** What JSON.stringify writes for a value: toJSON applied; undefined for what it leaves out. */
function resolved(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && !(value instanceof LazyArray) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return value;
}

const omitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** One element on its own: JSON.stringify at this indentation (nested lines indented to match). */
function element(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? 'null'; // undefined, functions, symbols: null in arrays
  return text.includes('\n') ? text.replace(/\n/g, '\n' + indent) : text;
}

/** The lines of `value`, the first one starting with `prefix` (`"key": ` or nothing). */
function* valueLines(value: unknown, indent: string, prefix: string): Generator<string> {
  if (value instanceof LazyArray || Array.isArray(value)) yield* arrayLines(value as Iterable<unknown>, indent, prefix);
  else if (value !== null && typeof value === 'object') yield* objectLines(value as Record<string, unknown>, indent, prefix);
  else yield indent + prefix + element(value, indent);
}

/** Lines of children separated by commas: each child's last line is held until the next begins. */
function* separated(children: Iterable<Iterable<string>>): Generator<string> {
  let held: string | undefined;
  for (const child of children) {
    if (held !== undefined) yield held + ',';
    held = undefined;
    for (const line of child) {
      if (held !== undefined) yield held;
      held = line;
    }
  }
  if (held !== undefined) yield held;
}

function* arrayLines(items: Iterable<unknown>, indent: string, prefix: string): Generator<string> {
  const inner = indent + STEP;
  const iterator = items[Symbol.iterator]();
  const first: IteratorResult<unknown> = iterator.next();
  if (first.done) return yield `${indent}${prefix}[]`;
  yield `${indent}${prefix}[`;
  yield* separated((function* () {
    for (let next: IteratorResult<unknown> = first; !next.done; next = iterator.next()) yield [inner + element(resolved(next.value, ''), inner)];
  })());
  yield `${indent}]`;
}

function* objectLines(object: Record<string, unknown>, indent: string, prefix: string): Generator<string> {
  const inner = indent + STEP;
  const entries = Object.keys(object)
    .map((key) => [key, resolved(object[key], key)] as const)
    .filter(([, v]) => !omitted(v));
  if (entries.length === 0) return yield `${indent}${prefix}{}`;
  yield `${indent}${prefix}{`;
  yield* separated(entries.map(([key, v]) => valueLines(v, inner, `${JSON.stringify(key)}: `)));
  yield `${indent}}`;
}

/** JSON.stringify(value, null, 2) as lines (without their line ends). */
export function jsonLines(value: unknown): Lines {
  return valueLines(resolved(value, ''), '', '');
}
