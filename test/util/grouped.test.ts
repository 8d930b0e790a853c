// Thousands separators, checked against hand-written figures.
import { expect, it } from 'vitest';
import { grouped } from '../../src/util/grouped.js';

it.each([
  [0, '0'],
  [999, '999'],
  [1000, '1,000'],
  [-1000, '-1,000'],
  [138357544, '138,357,544'],
  [9007199254740991, '9,007,199,254,740,991'],
  [1234.5678, '1,234.5678'],
  [576460752303423424n, '576,460,752,303,423,424'],
  [-123456n, '-123,456'],
])('grouped(%s) = %s', (n, text) => {
  expect(grouped(n)).toBe(text);
});
