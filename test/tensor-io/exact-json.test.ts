// The header JSON parser agrees with JSON.parse wherever JSON.parse is exact, and keeps as written
// the numbers JSON.parse would round; it refuses what JSON.parse refuses, with a position.

import { describe, expect, it } from 'vitest';
import { ExactJsonError, exactJsonText, parseExactJson, parseJsonExactly, RawNumber } from '../../src/tensor-io/exact-json.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)); // drops the null prototypes for toEqual

describe('parseExactJson', () => {
  it('agrees with JSON.parse on safetensors-like headers', () => {
    for (const text of [
      '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}',
      ' { "__metadata__" : { "format" : "pt" } , "a\\u00e9\\n\\"b" : [ true , false , null , -3 , 12 ] } ',
      '[]', '{}', '"\\ud83d\\ude00"', '0',
    ]) {
      expect(plain(parseExactJson(text))).toEqual(JSON.parse(text));
    }
  });

  it('keeps numbers JSON.parse rounds or overflows as their text', () => {
    // JSON.parse gives 18446744073709552000, 9007199254740992 and Infinity for these
    const value = parseExactJson('[18446744073709551615, 9007199254740993, 1e400, 1.5, 9007199254740991]') as unknown[];
    expect(value.slice(0, 4).map((v) => (v as RawNumber).text)).toEqual(['18446744073709551615', '9007199254740993', '1e400', '1.5']);
    expect(value[4]).toBe(9007199254740991); // 2^53 - 1 is safe: a number
    expect(exactJsonText(value)).toBe('[18446744073709551615,9007199254740993,1e400,1.5,9007199254740991]');
  });

  it('"__proto__" is an ordinary key', () => {
    const value = parseExactJson('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('a repeated key keeps its last value, as JSON.parse does (the fast path must agree)', () => {
    const text = '{"a":1,"b":2,"a":3}';
    expect(plain(parseExactJson(text))).toEqual(JSON.parse(text));
    expect(Object.keys(parseExactJson(text) as object)).toEqual(['a', 'b']);
  });

  it('refuses what JSON.parse refuses, with the character where it went wrong', () => {
    for (const [text, message] of [
      ['{"w":', "expected a value but found the end at character 6"],
      ['{"w" 1}', "expected ':' but found \"1\" at character 6"],
      ['[1,]', 'expected a value but found "]" at character 4'],
      ['{"a":1}x', 'unexpected "x" after the value at character 8'],
      ['"a\u0001"', 'a control character inside a string at character 3'],
      ['"\\x"', 'a string with a bad escape at character 2'], // at the backslash
      ['01', 'unexpected "1" after the value at character 2'],
    ] as const) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseExactJson(text)).toThrow(new ExactJsonError(message.replace(/ at character \d+$/, ''), Number(/(\d+)$/.exec(message)![1]) - 1));
    }
  });

  it('refuses nesting deeper than 64 instead of overflowing the stack', () => {
    expect(() => parseExactJson('['.repeat(100_000))).toThrow(/nested more than 64 deep/);
    expect(plain(parseExactJson('['.repeat(64) + ']'.repeat(64)))).toEqual(JSON.parse('['.repeat(64) + ']'.repeat(64)));
  });
});

describe('parseJsonExactly (JSON.parse where that is exact)', () => {
  it('gives JSON.parse\'s value when every number is a safe integer, the exact one otherwise', () => {
    const text = '{"w":{"shape":[2,3],"data_offsets":[0,24]}}';
    expect(parseJsonExactly(text)).toEqual(JSON.parse(text));
    const big = parseJsonExactly('{"w":[0,18446744073709551615]}') as Record<string, unknown[]>;
    expect((big['w']![1] as RawNumber).text).toBe('18446744073709551615');
  });

  it('reports errors with the exact parser\'s position; a deep value is walked without recursion', () => {
    expect(() => parseJsonExactly('{"w" 1}')).toThrow(new ExactJsonError('expected \':\' but found "1"', 5));
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    expect(Array.isArray(parseJsonExactly(deep))).toBe(true);
    expect(() => parseJsonExactly('['.repeat(20_000) + '1.5' + ']'.repeat(20_000))).toThrow(/nested more than 64 deep/);
  });
});
