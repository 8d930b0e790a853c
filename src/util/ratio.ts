// Exact rationals for the receptive field, whose jump an upsampling divides (a 2x upsample of a
// jump-1 grid puts outputs 1/2 input pixel apart; LR-ASPP's 33 -> 65 multiplies the jump by 33/65).
// A whole value is always a plain number, so integer fields read, compare and print as before; a
// fraction is in lowest terms with a denominator above 1. Products and sums use util/exact.ts, so a
// numerator or denominator above 2^53 - 1 is an error, never a rounded number.

import { add, mul } from './exact.js';

export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

export type Rational = number | Fraction;

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

const parts = (r: Rational): [number, number] => (typeof r === 'number' ? [r, 1] : [r.numerator, r.denominator]);

/** numerator/denominator (denominator > 0) in lowest terms; a plain number when whole. */
export function ratio(numerator: number, denominator: number): Rational {
  const g = gcd(numerator, denominator) || 1;
  const n = numerator / g;
  const d = denominator / g;
  return d === 1 ? n : { numerator: n, denominator: d };
}

/** a + b; `what` names the figure in an overflow's message. */
export function plus(a: Rational, b: Rational, what = 'receptive field'): Rational {
  const [an, ad] = parts(a);
  const [bn, bd] = parts(b);
  if (ad === 1 && bd === 1) return add(what, an, bn);
  return ratio(add(what, mul(what, an, bd), mul(what, bn, ad)), mul(what, ad, bd));
}

/** a * b; `what` names the figure in an overflow's message. */
export function times(a: Rational, b: Rational, what = 'effective stride'): Rational {
  const [an, ad] = parts(a);
  const [bn, bd] = parts(b);
  return ratio(mul(what, an, bn), mul(what, ad, bd));
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compare(a: Rational, b: Rational): number {
  const [an, ad] = parts(a);
  const [bn, bd] = parts(b);
  return mul('receptive field', an, bd) - mul('receptive field', bn, ad);
}

export const larger = (a: Rational, b: Rational): Rational => (compare(a, b) >= 0 ? a : b);

/** "3", or "1/2" for a fraction. */
export function rationalText(r: Rational): string {
  const [n, d] = parts(r);
  return d === 1 ? String(n) : `${n}/${d}`;
}
