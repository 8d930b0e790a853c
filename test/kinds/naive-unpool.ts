// Naive reference of UNPOOL, as torch.nn.MaxUnpool2d fed torch.nn.MaxPool2d's indices (PyTorch's
// documentation: "MaxUnpool2d takes in as input the output of MaxPool2d including the indices of the
// maximal values and computes a partial inverse in which all non-maximal values are set to zero").
// The pool's windows over its input p: output o along a side spans [o*s - p, o*s - p + f) clipped to
// the input (padding never wins), the number of outputs floor((n + 2p - f)/s) + 1 (ceil_mode: as
// POOL's naive reference says); a window's index is its first largest element in row-major order
// (MaxPool2d's `val > max` scan). The output is p's shape, zero but at each window's index, which
// holds the unpooled tensor's element for that window (a later window's where two share one).

import type { UnpoolArgs } from '../../src/layers/types.js';
import { at, type Naive } from './case.js';

function outputs(n: number, f: number, s: number, p: number, ceil: boolean): number {
  if (!ceil) return Math.floor((n + 2 * p - f) / s) + 1;
  const out = Math.ceil((n + 2 * p - f) / s) + 1;
  return (out - 1) * s >= n + p ? out - 1 : out;
}

/** The row-major offset in its plane of window (oy, ox)'s maximum. */
function argmax(a: UnpoolArgs, plane: (y: number, x: number) => number, H: number, W: number, oy: number, ox: number): number {
  let best = -Infinity;
  let where = -1;
  for (let y = Math.max(oy * a.sh - a.ph, 0); y < Math.min(oy * a.sh - a.ph + a.fh, H); y++)
    for (let x = Math.max(ox * a.sw - a.pw, 0); x < Math.min(ox * a.sw - a.pw + a.fw, W); x++) {
      if (where < 0 || plane(y, x) > best) {
        best = plane(y, x);
        where = y * W + x;
      }
    }
  return where;
}

export const naiveUnpool: Naive<'unpool'> = ({ args: a, batch, inputs: [x, p] }) => {
  const { c: C, h: H, w: W } = p!;
  const outH = outputs(H, a.fh, a.sh, a.ph, a.ceil);
  const outW = outputs(W, a.fw, a.sw, a.pw, a.ceil);
  const y = new Float64Array(batch * C * H * W);
  for (let b = 0; b < batch; b++)
    for (let c = 0; c < C; c++)
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          const where = argmax(a, (iy, ix) => at(p!, b, c, iy, ix), H, W, oy, ox);
          y[(b * C + c) * H * W + where] = at(x!, b, c, oy, ox);
        }
  return { c: C, h: H, w: W, data: y };
};
