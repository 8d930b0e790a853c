// Direct-loop reference implementations for the kernel tests: the textbook formulas, written
// independently of the kernels (no im2col, no GEMM, no shared helpers), in float64.

import { createRandom } from '../../src/exec/random.js';

export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = createRandom(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.next();
  return a;
}

/** f, s and p for both sides, unless a side's own fh/fw, sh/sw, ph/pw is given (a 1x7 window). */
export interface NaiveConv {
  B: number; C: number; H: number; W: number; k: number; f: number; s: number; p: number; d: number; g: number;
  fh?: number; fw?: number; sh?: number; sw?: number; ph?: number; pw?: number;
}

export function naiveOut(n: number, f: number, s: number, p: number, d = 1): number {
  return Math.floor((n + 2 * p - d * (f - 1) - 1) / s) + 1;
}

/** Cross-correlation as torch.nn.functional.conv2d: y[b,o,oy,ox] = bias[o] + sum over the group's channels. */
export function naiveConv(a: NaiveConv, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null): Float64Array {
  const [fh, fw, sh, sw, ph, pw] = [a.fh ?? a.f, a.fw ?? a.f, a.sh ?? a.s, a.sw ?? a.s, a.ph ?? a.p, a.pw ?? a.p];
  const outH = naiveOut(a.H, fh, sh, ph, a.d);
  const outW = naiveOut(a.W, fw, sw, pw, a.d);
  const cg = a.C / a.g;
  const kg = a.k / a.g;
  const y = new Float64Array(a.B * a.k * outH * outW);
  for (let b = 0; b < a.B; b++)
    for (let o = 0; o < a.k; o++)
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          let s = bias ? bias[o]! : 0;
          const group = Math.floor(o / kg);
          for (let c = 0; c < cg; c++)
            for (let ky = 0; ky < fh; ky++)
              for (let kx = 0; kx < fw; kx++) {
                const iy = oy * sh - ph + ky * a.d;
                const ix = ox * sw - pw + kx * a.d;
                if (iy < 0 || iy >= a.H || ix < 0 || ix >= a.W) continue;
                s += w[((o * cg + c) * fh + ky) * fw + kx]! * x[((b * a.C + group * cg + c) * a.H + iy) * a.W + ix]!;
              }
          y[((b * a.k + o) * outH + oy) * outW + ox] = s;
        }
  return y;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4): void {
  if (actual.length < expected.length) throw new Error(`length ${actual.length} < ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)))) throw new Error(`element ${i}: got ${a}, expected ${e}`);
  }
}
