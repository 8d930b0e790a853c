// The header of a .npy file is a Python literal, e.g. {'descr': '<f4', 'fortran_order': False,
// 'shape': (2, 3), }. This is a small parser for the literals such headers can hold (strings,
// integers, True/False/None, tuples, lists, dicts with string keys), never an eval: tolerant of
// any spacing, trailing commas and Python 2's 3L integers, and it nests at most 32 deep.
// Tuples and lists both come back as arrays; a parenthesized single value without a comma is the
// value itself, as in Python. Throws PyLiteralError with the position of the first problem.

export type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

export class PyLiteralError extends Error {
  constructor(problem: string, readonly position: number) {
    super(`${problem} at character ${position + 1}`);
  }
}

const MAX_DEPTH = 32;
const CLOSE: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

export function parsePyLiteral(text: string): PyValue {
  let at = 0;

  const skipSpace = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const fail = (problem: string): never => {
    throw new PyLiteralError(problem, at);
  };
  const expect = (ch: string): void => {
    skipSpace();
    if (text[at] !== ch) fail(`expected '${ch}' but found ${describe(text[at])}`);
    at++;
  };

  function value(depth: number): PyValue {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} deep`);
    skipSpace();
    const ch = text[at];
    if (ch === "'" || ch === '"') return string();
    if (ch === '(' || ch === '[') return sequence(depth);
    if (ch === '{') return dict(depth);
    const word = /^(?:True|False|None)\b/.exec(text.slice(at, at + 6));
    if (word) {
      at += word[0].length;
      return word[0] === 'None' ? null : word[0] === 'True';
    }
    const int = /^[-+]?\d+[lL]?/.exec(text.slice(at, at + 40));
    if (int) return integer(int[0]);
    return fail(`expected a value but found ${describe(ch)}`);
  }

  function integer(digits: string): number {
    const n = Number(digits.replace(/[lL]$/, ''));
    if (!Number.isSafeInteger(n)) fail(`integer ${digits} is too large`);
    at += digits.length;
    return n;
  }

  function string(): string {
    const quote = text[at++];
    let out = '';
    while (at < text.length && text[at] !== quote) {
      if (text[at] === '\\') {
        at++;
        const escaped = text[at] ?? fail('unfinished escape');
        out += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      } else out += text[at];
      at++;
    }
    if (at >= text.length) fail('unfinished string');
    at++;
    return out;
  }

  function sequence(depth: number): PyValue {
    const open = text[at++]!;
    const items: PyValue[] = [];
    let sawComma = false;
    for (;;) {
      skipSpace();
      if (text[at] === CLOSE[open]) break;
      items.push(value(depth + 1));
      skipSpace();
      if (text[at] !== ',') break;
      sawComma = true;
      at++;
    }
    expect(CLOSE[open]!);
    // (5) is the integer 5 in Python; (5,) is a tuple
    return open === '(' && items.length === 1 && !sawComma ? items[0]! : items;
  }

  function dict(depth: number): Map<string, PyValue> {
    at++;
    const out = new Map<string, PyValue>();
    for (;;) {
      skipSpace();
      if (text[at] === '}') break;
      if (text[at] !== "'" && text[at] !== '"') fail(`expected a string key but found ${describe(text[at])}`);
      const key = string();
      expect(':');
      out.set(key, value(depth + 1));
      skipSpace();
      if (text[at] !== ',') break;
      at++;
    }
    expect('}');
    return out;
  }

  const result = value(0);
  skipSpace();
  if (at < text.length) fail(`unexpected ${describe(text[at])} after the value`);
  return result;
}

function describe(ch: string | undefined): string {
  return ch === undefined ? 'the end' : JSON.stringify(ch);
}
