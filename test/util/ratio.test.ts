// Exact rationals (src/util/ratio.ts): lowest terms, whole values as plain numbers, overflow refused.

import { describe, expect, it } from 'vitest';
import { FigureOverflow } from '../../src/util/exact.js';
import { compare, larger, plus, ratio, rationalText, times } from '../../src/util/ratio.js';

describe('rationals', () => {
  it('are in lowest terms, and whole values are numbers', () => {
    expect(ratio(2, 4)).toEqual({ numerator: 1, denominator: 2 });
    expect(ratio(6, 3)).toBe(2);
    expect(ratio(1056, 65)).toEqual({ numerator: 1056, denominator: 65 }); // 2^5*3*11 over 5*13
  });

  it('add, multiply and compare exactly', () => {
    expect(plus(ratio(1, 2), ratio(1, 2))).toBe(1);
    expect(plus(ratio(1, 3), ratio(1, 6))).toEqual({ numerator: 1, denominator: 2 });
    expect(times(ratio(2, 3), ratio(3, 2))).toBe(1);
    expect(times(32, ratio(33, 65))).toEqual({ numerator: 1056, denominator: 65 });
    expect(compare(ratio(4, 9), ratio(1, 2))).toBeLessThan(0);
    expect(larger(ratio(4, 9), ratio(1, 2))).toEqual({ numerator: 1, denominator: 2 });
  });

  it('print as a/b, whole values as before', () => {
    expect([rationalText(3), rationalText(ratio(5, 2))]).toEqual(['3', '5/2']);
  });

  it('refuse a numerator past 2^53 - 1', () => {
    expect(() => times(2 ** 52, 4)).toThrow(FigureOverflow);
    expect(() => plus(ratio(1, 2 ** 30), ratio(1, 2 ** 30 - 1))).toThrow(FigureOverflow);
  });
});
