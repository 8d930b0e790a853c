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
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}

// Read without making a pair: every layer's receptive field passes through here, mostly whole.
const numerator = (r: Rational): number => (typeof r === 'number' ? r : r.numerator);
const denominator = (r: Rational): number => (typeof r === 'number' ? 1 : r.denominator);

/** numerator/denominator (denominator > 0) in lowest terms; a plain number when whole. */
export function ratio(numerator: number, denominator: number): Rational {
  const g = gcd(numerator, denominator) || 1;
  const n = numerator / g;
  const d = denominator / g;
  return d === 1 ? n : { numerator: n, denominator: d };
}

/** a + b; `what` names the figure in an overflow's message. */
export function plus(a: Rational, b: Rational, what = 'receptive field'): Rational {
  if (typeof a === 'number' && typeof b === 'number') return add(what, a, b);
  const ad = denominator(a);
  const bd = denominator(b);
  return ratio(add(what, mul(what, numerator(a), bd), mul(what, numerator(b), ad)), mul(what, ad, bd));
}

/** a * b; `what` names the figure in an overflow's message. */
export function times(a: Rational, b: Rational, what = 'effective stride'): Rational {
  if (typeof a === 'number' && typeof b === 'number') return mul(what, a, b);
  return ratio(mul(what, numerator(a), numerator(b)), mul(what, denominator(a), denominator(b)));
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compare(a: Rational, b: Rational): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return mul('receptive field', numerator(a), denominator(b)) - mul('receptive field', numerator(b), denominator(a));
}

export const larger = (a: Rational, b: Rational): Rational => (compare(a, b) >= 0 ? a : b);

/** "3", or "1/2" for a fraction. */
export function rationalText(r: Rational): string {
  return typeof r === 'number' ? String(r) : `${r.numerator}/${r.denominator}`;
}
