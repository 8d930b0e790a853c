// Naive reference of POOL, as torch.nn.MaxPool2d, AvgPool2d (count_include_pad=True) and
// LPPool2d(norm_type=2), with ceil_mode for round=ceil and one window over the whole input for
// `global`. PyTorch's rules, from its documentation and pooling_shape.h:
//   output size  floor((n + 2p - f) / s) + 1, or with ceil_mode ceil(...) + 1, less one where that
//                last window would start past the input and its left padding ((out-1)*s >= n + p);
//   max          over the window's part inside the input (padding never wins);
//   avg          the sum over that part divided by the window's size within the padded input
//                (f*f but for a ceil-mode window that overhangs it);
//   l2           LPPool2d is sqrt(avg_pool2d(x^2) * f*f): sqrt(sum of squares * f*f / that divisor);
//   adaptive     AdaptiveAvgPool2d / AdaptiveMaxPool2d (aten/src/ATen/native/AdaptiveAveragePooling.cpp):
//                output o of `out` along n inputs spans [floor(o*n/out), ceil((o+1)*n/out)), and
//                the average divides by that window's own size.
// Windows are per side: fh, sh, ph along the height, fw, sw, pw along the width.

import type { PoolArgs } from '../../src/layers/types.js';
import { at, tensorOf, type Naive, type Tensor } from './case.js';

interface Side {
  readonly f: number;
  readonly s: number;
  readonly p: number;
}

function outputSize(n: number, w: Side, ceil: boolean): number {
  if (!ceil) return Math.floor((n + 2 * w.p - w.f) / w.s) + 1;
  const out = Math.ceil((n + 2 * w.p - w.f) / w.s) + 1;
  return (out - 1) * w.s >= n + w.p ? out - 1 : out;
}

/** The window of output `o` along a side of n inputs: [lo, hi) inside the input, and its size
 *  within the padded input. */
function windowOf(o: number, n: number, w: Side, out: number | null): { lo: number; hi: number; padded: number } {
  if (out !== null) {
    const lo = Math.floor((o * n) / out);
    const hi = Math.ceil(((o + 1) * n) / out);
    return { lo, hi, padded: hi - lo };
  }
  const start = o * w.s - w.p;
  const end = Math.min(start + w.f, n + w.p);
  return { lo: Math.max(start, 0), hi: Math.min(end, n), padded: end - start };
}

function pooled(mode: PoolArgs['mode'], x: Tensor, b: number, c: number, ys: ReturnType<typeof windowOf>, xs: ReturnType<typeof windowOf>, area: number): number {
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (let iy = ys.lo; iy < ys.hi; iy++)
    for (let ix = xs.lo; ix < xs.hi; ix++) {
      const v = at(x, b, c, iy, ix);
      max = Math.max(max, v);
      sum += v;
      squares += v * v;
    }
  const divisor = ys.padded * xs.padded;
  if (mode === 'max') return max;
  if (mode === 'avg') return sum / divisor;
  return Math.sqrt((squares * area) / divisor);
}

export const naivePool: Naive<'pool'> = ({ args: a, batch, inputs: [x] }) => {
  const height: Side = a.global ? { f: x!.h, s: 1, p: 0 } : { f: a.fh, s: a.sh, p: a.ph };
  const width: Side = a.global ? { f: x!.w, s: 1, p: 0 } : { f: a.fw, s: a.sw, p: a.pw };
  const outH = a.outh ?? outputSize(x!.h, height, a.ceil);
  const outW = a.outw ?? outputSize(x!.w, width, a.ceil);
  return tensorOf(batch, x!.c, outH, outW, (b, c, oy, ox) =>
    pooled(a.mode, x!, b, c, windowOf(oy, x!.h, height, a.outh), windowOf(ox, x!.w, width, a.outw), height.f * width.f));
};
