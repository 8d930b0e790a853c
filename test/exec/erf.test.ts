// erf, which GELU's kernels compute (kernels/activations-modern.ts: Taylor polynomials tabulated
// from its derivatives), against glibc's erf: Python 3's math.erf, printed with repr (17
// significant digits) and pasted here. glibc's is within an ulp of erf; the table is held to
// 1e-14, far below float32's resolution, which is all GELU's figures keep. Points: both ends of
// pieces (0.0625 is the first's edge), inside them, the far tail where erf rounds to 1, and
// symmetry, zero's sign, NaN and the infinities.

import { describe, expect, it } from 'vitest';
import { erf } from '../../src/exec/kernels/activations-modern.js';

const GLIBC: readonly (readonly [number, number])[] = [
  [0.0, 0.0],
  [1e-9, 1.1283791670955127e-9],
  [0.001, 0.0011283787909692365],
  [0.0624, 0.07031957901690875],
  [0.0625, 0.07043197772238707],
  [0.1, 0.1124629160182849],
  [0.3, 0.3286267594591274],
  [0.5, 0.5204998778130465],
  [0.75, 0.7111556336535151],
  [0.84375, 0.7672256612323416],
  [0.9, 0.7969082124228322],
  [1.0, 0.8427007929497149],
  [1.25, 0.9229001282564582],
  [1.5, 0.9661051464753108],
  [1.7, 0.9837904585907745],
  [2.0, 0.9953222650189527],
  [2.3754, 0.9992186628516704],
  [2.5, 0.999593047982555],
  [2.9431, 0.99996847651538],
  [3.0, 0.9999779095030014],
  [3.2, 0.9999939742388483],
  [3.5, 0.9999992569016276],
  [4.0, 0.9999999845827421],
  [4.5, 0.9999999998033839],
  [5.0, 0.9999999999984626],
  [5.5, 0.9999999999999927],
  [5.9375, 1.0],
  [5.99, 1.0],
  [6.0, 1.0],
];

describe('erf', () => {
  it.each(GLIBC)('erf(%f) within 1e-14 of glibc, and erf(-x) = -erf(x)', (x, want) => {
    expect(Math.abs(erf(x) - want)).toBeLessThanOrEqual(1e-14);
    expect(erf(-x)).toBe(-erf(x));
  });

  it('keeps the sign of zero, passes NaN and is +-1 at the infinities', () => {
    expect(Object.is(erf(0), 0)).toBe(true);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(NaN)).toBeNaN();
    expect([erf(Infinity), erf(-Infinity), erf(1e300)]).toEqual([1, -1, 1]);
  });
});
