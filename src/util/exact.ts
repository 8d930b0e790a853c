// Exact integer arithmetic for every figure cnncalc prints.
// A JS number holds integers exactly up to 2^53 - 1. If the true result of a product or sum of safe
// integers is above that, the rounded float result is too (rounding is monotonic), so checking the
// result with Number.isSafeInteger catches every loss of precision. BigInt recomputes the exact value
// for the error message.

import { grouped } from './grouped.js';

export class FigureOverflow extends Error {
  constructor(readonly exact: bigint, readonly what: string) {
    super(`${what} would be ${grouped(exact)}, above 2^53 - 1 = 9,007,199,254,740,991`);
  }
}

/** Product of integers; throws FigureOverflow if it is not exactly representable. The factors are
 *  parameters, not a rest array: mul runs for every figure of every layer, mostly before V8 has
 *  optimised it, and a rest parameter is an array made at each call. */
export function mul(what: string, a: number, b: number, c = 1, d = 1, e = 1, f = 1): number {
  const result = a * b * c * d * e * f;
  if (!Number.isSafeInteger(result)) {
    throw new FigureOverflow([a, b, c, d, e, f].reduce((acc, x) => acc * BigInt(x), 1n), what);
  }
  return result;
}

/** A figure summed over items (layers); throws FigureOverflow if the sum is not exactly representable. */
export function sumOf<T>(what: string, items: readonly T[], figure: (item: T) => number): number {
  let result = 0;
  for (let i = 0; i < items.length; i++) result += figure(items[i]!);
  if (!Number.isSafeInteger(result)) throw new FigureOverflow(items.reduce((acc, item) => acc + BigInt(figure(item)), 0n), what);
  return result;
}

/** Sum of integers; throws FigureOverflow if it is not exactly representable. */
export function sum(what: string, terms: readonly number[]): number {
  return sumOf(what, terms, (t) => t);
}

/** a + b, checked. */
export function add(what: string, a: number, b: number): number {
  const result = a + b;
  if (!Number.isSafeInteger(result)) throw new FigureOverflow(BigInt(a) + BigInt(b), what);
  return result;
}
