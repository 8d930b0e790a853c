// The JSON reader (src/util/json-reader.ts): what it reads agrees with JSON.parse, every node knows
// its offsets (counted by hand in the texts below), numbers keep their text, and it refuses what
// RFC 8259 refuses with the offset at fault.

import { describe, expect, it } from 'vitest';
import { JsonReadError, MAX_JSON_DEPTH, readJson, type JsonNode } from '../../src/util/json-reader.js';

/** The node as a plain value, numbers as JSON.parse reads them. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'number':
      return Number(node.text);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

function problem(text: string): [string, number] {
  try {
    readJson(text);
  } catch (e) {
    if (e instanceof JsonReadError) return [e.problem, e.offset];
    throw e;
  }
  throw new Error(`read ${text}`);
}

describe('values', () => {
  it('agree with JSON.parse', () => {
    for (const text of [
      '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}',
      ' \t\r\n{ "a\\u00e9\\n\\"b\\/\\\\" : [ true , false , null , -3 , 12, 0.5, -0e+0, 2E-3 ] } ',
      '"\\ud83d\\ude00 \\b\\f\\r\\t"', '"\u00e9\u4e2d"', '[]', '{}', '0', '[[],[{}]]',
    ]) {
      expect(plain(readJson(text))).toEqual(JSON.parse(text));
    }
  });

  it('a number keeps its text as written', () => {
    const node = readJson('[18446744073709551615, 1e400, -0.50, 1E+2]');
    expect(node.kind === 'array' && node.items.map((n) => n.kind === 'number' && n.text)).toEqual(['18446744073709551615', '1e400', '-0.50', '1E+2']);
  });

  it('"__proto__" is an ordinary key', () => {
    const node = readJson('{"__proto__": {"polluted": true}}');
    expect(node.kind === 'object' && node.entries.map((e) => e.key)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('positions', () => {
  it('every node and key has its offsets, end exclusive', () => {
    //           0         1         2
    //           0123456789012345678901234567
    const text = '{"a": [1, "x"], "bc": null}';
    const root = readJson(text);
    expect([root.start, root.end]).toEqual([0, 27]);
    if (root.kind !== 'object') throw new Error('an object');
    const [a, bc] = root.entries;
    expect([a!.key, a!.start, a!.end]).toEqual(['a', 1, 4]); // "a" with its quotes
    expect([a!.value.start, a!.value.end]).toEqual([6, 14]);
    if (a!.value.kind !== 'array') throw new Error('an array');
    expect(a!.value.items.map((n) => [n.start, n.end])).toEqual([[7, 8], [10, 13]]);
    expect([bc!.key, bc!.start, bc!.end, bc!.value.kind, bc!.value.start, bc!.value.end]).toEqual(['bc', 16, 20, 'null', 22, 26]);
    // the span covers the text as written, so slicing gives it back
    expect(text.slice(a!.value.start, a!.value.end)).toBe('[1, "x"]');
  });

  it('a repeated key is kept, in order, and points at the first entry with its key', () => {
    const root = readJson('{"k": 1, "j": 2, "k": 3, "k": 4}');
    if (root.kind !== 'object') throw new Error('an object');
    const [k1, j, k2, k3] = root.entries;
    expect(root.entries.map((e) => e.value.kind === 'number' && e.value.text)).toEqual(['1', '2', '3', '4']);
    expect([k1!.earlier, j!.earlier, k2!.earlier, k3!.earlier]).toEqual([undefined, undefined, k1, k1]);
  });

  it('repeats are found in a large object too (past the first few keys)', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `"k${i % 12}": ${i}`);
    const root = readJson(`{${keys.join(',')}}`);
    if (root.kind !== 'object') throw new Error('an object');
    // k0..k11 first, then k0..k7 again: each repeat points at the entry 12 before it
    root.entries.forEach((e, i) => expect(e.earlier).toBe(i < 12 ? undefined : root.entries[i - 12]));
  });
});

describe('errors: the problem and its offset', () => {
  it('what JSON does not allow, at the character found instead', () => {
    for (const [text, expected] of [
      ['{"w":', ['expected-value', 5]], // the end
      ['{"w" 1}', ['expected-colon', 5]],
      ['[1,]', ['expected-value', 3]], // a trailing comma
      ['{"a":1,}', ['expected-key', 7]],
      ["{'a':1}", ['expected-key', 1]],
      ['{"a":1 "b":2}', ['expected-comma-or-brace', 7]],
      ['[1 2]', ['expected-comma-or-bracket', 3]],
      ['{"a":1}x', ['expected-end', 7]],
      ['01', ['expected-end', 1]], // no leading zeros
      ['[1.]', ['expected-comma-or-bracket', 2]], // a fraction needs digits
      ['[1e]', ['expected-comma-or-bracket', 2]],
      ['-', ['expected-value', 0]],
      ['+1', ['expected-value', 0]],
      ['[.5]', ['expected-value', 1]],
      ['tru', ['expected-value', 0]],
      ['// c\n1', ['expected-value', 0]], // no comments
      ['', ['expected-value', 0]],
      ['\ufeff1', ['expected-value', 0]], // a byte order mark is not white space
    ] as const) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(problem(text)).toEqual(expected);
    }
  });

  it('strings: a control character, a bad escape, no closing quote', () => {
    for (const [text, expected] of [
      ['"a\u0001"', ['control-character', 2]],
      ['"a\nb"', ['control-character', 2]],
      ['"ab\\x"', ['bad-escape', 3]], // at the backslash
      ['"\\u12G4"', ['bad-escape', 1]],
      ['"abc', ['unfinished-string', 4]],
      ['"abc\\', ['unfinished-string', 5]],
      ['"\\"', ['unfinished-string', 3]],
      ['{"k\u0000": 1}', ['control-character', 3]],
    ] as const) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(problem(text)).toEqual(expected);
    }
  });

  it(`containers nest at most ${MAX_JSON_DEPTH} deep, at the bracket one too deep, without overflowing the stack`, () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    const deepest = '['.repeat(64) + '1' + ']'.repeat(64);
    expect(plain(readJson(deepest))).toEqual(JSON.parse(deepest));
    expect(problem('['.repeat(65) + ']'.repeat(65))).toEqual(['too-deep', 64]);
    expect(problem('{"a":'.repeat(65) + '1' + '}'.repeat(65))).toEqual(['too-deep', 64 * 5]);
    expect(problem('['.repeat(1_000_000))).toEqual(['too-deep', 64]);
  });
});
