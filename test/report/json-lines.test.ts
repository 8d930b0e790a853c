// JSON made a piece at a time (report/json-lines.ts): the joined pieces are the very text of
// JSON.stringify(value, null, 2), for any JSON value and for every report; and a report longer than
// V8's longest string still comes out, element by element.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLines, lazyArray } from '../../src/report/json-lines.js';
import { jsonReportLines, reportJson } from '../../src/report/json.js';
import { layersJson, layersJsonLines } from '../../src/report/layers-list.js';
import { inChunks, joinLines } from '../../src/report/lines.js';
import { compile } from '../../src/api.js';
import { analysisOf, example } from '../helpers.js';

const stringified = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

describe('jsonLines', () => {
  it('gives the text of JSON.stringify(value, null, 2), byte for byte', () => {
    const cases: unknown[] = [
      null, 0, -1.5, 'a "quoted"\nline', true, [], {}, [[]], [{}], { a: [] }, { a: {} },
      { a: 1, b: [1, 2, [3, { c: null }]], d: { e: 'f' } },
      [1, undefined, () => 1, 'x'], // left out of objects, null in arrays
      { skipped: undefined, f: () => 1, kept: 2 },
      { only: undefined },
      { nan: NaN, inf: -Infinity },
      { when: { toJSON: () => 'as toJSON says' } },
    ];
    for (const value of cases) expect(joinLines(jsonLines(value))).toBe(stringified(value));
  });

  it('agrees with JSON.stringify on random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => joinLines(jsonLines(value)) === stringified(value)), { numRuns: 500 });
  });

  it('writes a lazy array as an array, and JSON.stringify reads it as one', () => {
    const value = { n: lazyArray([1, 2, 3], (i) => ({ i, twice: 2 * i })), none: lazyArray([], (i) => i) };
    const plain = { n: [1, 2, 3].map((i) => ({ i, twice: 2 * i })), none: [] };
    expect(joinLines(jsonLines(value))).toBe(stringified(plain));
    expect(stringified(value)).toBe(stringified(plain));
  });

  it('writes more than one string can hold, each element whole on its own piece', () => {
    // 6,000 elements, each more than its 100,002-character quoted string: more than V8's longest
    // string (2^29 - 24 = 536,870,888 characters).
    const count = 6_000;
    const payload = 'x'.repeat(100_000);
    expect(count * 100_002).toBeGreaterThan(2 ** 29 - 24);
    const indices = { *[Symbol.iterator]() { for (let i = 0; i < count; i++) yield i; } };
    const value = { items: lazyArray(indices, (i) => ({ i, payload })) };
    let pieces = 0;
    let characters = 0;
    let longest = 0;
    for (const piece of jsonLines(value)) {
      pieces++;
      characters += piece.length + 1;
      longest = Math.max(longest, piece.length);
      const i = pieces - 3; // after '{' and '  "items": ['
      if (i >= 0 && i < count) expect(piece.startsWith(`    {\n      "i": ${i},\n      "payload": "xxx`)).toBe(true);
    }
    expect(pieces).toBe(count + 4); // '{', '  "items": [', the elements, '  ]', '}'
    expect(longest).toBeLessThan(100_100); // one element: never the whole text
    // '{' and '  "items": [' and '  ]' and '}', each with its newline: 2 + 13 + 4 + 2. Each element:
    // '    {' (5) + '\n      "i": ' (12) + its digits + ',' (1) + '\n      "payload": ' (18) + the
    // quoted string (100,002) + '\n    }' (6) + ',' (1, not after the last) + its newline (1).
    // The digits of 0..5999: 10 of one, 90 of two, 900 of three, 5,000 of four.
    const digits = 10 * 1 + 90 * 2 + 900 * 3 + 5000 * 4;
    expect(characters).toBe(2 + 13 + 4 + 2 + count * (5 + 12 + 1 + 18 + 100_002 + 6 + 1 + 1) + digits - 1);
  }, 60_000);
});

describe('the JSON reports, as lines', () => {
  it('table: the same text as the whole report, for every example', () => {
    for (const name of ['vgg16.cnn', 'resnet50.cnn', 'googlenet.cnn', 'pattern.cnn']) {
      const analysis = analysisOf(example(name), { set: { N: 2, M: 2, K: 1 } });
      const whole = stringified(reportJson(analysis, name));
      expect([...inChunks(jsonReportLines(analysis, name), 1000)].join('')).toBe(whole);
      expect(JSON.parse(whole).layers).toHaveLength(analysis.layers.length);
    }
  });

  it('layers: the same text as the whole report', () => {
    const network = compile(example('resnet50.cnn')).network!;
    expect(joinLines(layersJsonLines(network, 'resnet50.cnn'))).toBe(stringified(layersJson(network, 'resnet50.cnn')));
  });
});
