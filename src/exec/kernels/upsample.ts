// Upsampling over each channel, as torch.nn.Upsample (F.interpolate) with align_corners=False: the
// output position o along a side of n inputs resized to m outputs reads, for nearest, the input
// floor(o*n/m) (exact integers here; PyTorch computes o * (1/s) in floating point, which agrees for
// the scales it is used with), and for bilinear the source coordinate (o + 0.5)*n/m - 0.5, clamped at
// 0, between its floor i0 and i0 + 1 (i0 at the last input), weighted by the distance. n/m is 1/s
// for a scale s (PyTorch's scale_factor) and the sizes' ratio for to=. The output size comes from
// the arguments here, independently of the declaration's shape rule.

import type { UpsampleArgs } from '../../layers/types.js';
import type { Dims } from '../tensor.js';
import type { KernelPair } from './kernel.js';

/** Per output position along one side: the two inputs it reads and the weight of the second. */
interface Taps {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly weight: Float64Array;
}

function tapsOf(a: UpsampleArgs, n: number, m: number): Taps {
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let o = 0; o < m; o++) {
    if (a.mode === 'nearest') {
      lo[o] = hi[o] = Math.min(Math.floor((o * n) / m), n - 1);
      continue;
    }
    const real = Math.max(((o + 0.5) * n) / m - 0.5, 0);
    const i0 = Math.floor(real);
    lo[o] = i0;
    hi[o] = i0 < n - 1 ? i0 + 1 : i0;
    weight[o] = real - i0;
  }
  return { lo, hi, weight };
}

export function upsampledDims(a: UpsampleArgs, d: Dims): Dims {
  if (a.scale === undefined) return { c: d.c, h: a.height!, w: a.width! };
  return { c: d.c, h: d.h * a.scale, w: d.w * a.scale };
}

// x [planes, H, W] -> y [planes, outH, outW]
export function upsampleForward(a: UpsampleArgs, planes: number, H: number, W: number, outH: number, outW: number, x: Float32Array, y: Float32Array): void {
  const ty = tapsOf(a, H, outH);
  const tx = tapsOf(a, W, outW);
  let j = 0;
  for (let c = 0; c < planes; c++) {
    const plane = c * H * W;
    for (let oy = 0; oy < outH; oy++) {
      const r0 = plane + ty.lo[oy]! * W;
      const r1 = plane + ty.hi[oy]! * W;
      const wy = ty.weight[oy]!;
      for (let ox = 0; ox < outW; ox++, j++) {
        const x0 = tx.lo[ox]!;
        if (a.mode === 'nearest') {
          y[j] = x[r0 + x0]!;
          continue;
        }
        const x1 = tx.hi[ox]!;
        const wx = tx.weight[ox]!;
        const top = (1 - wx) * x[r0 + x0]! + wx * x[r0 + x1]!;
        const bottom = (1 - wx) * x[r1 + x0]! + wx * x[r1 + x1]!;
        y[j] = (1 - wy) * top + wy * bottom;
      }
    }
  }
}

// dy [planes, outH, outW] -> dx [planes, H, W], overwritten: each output's gradient goes back to the
// inputs it read, weighted as they were (nearest: the one it copied, as PyTorch sums them)
export function upsampleBackward(a: UpsampleArgs, planes: number, H: number, W: number, outH: number, outW: number, dy: Float32Array, dx: Float32Array): void {
  const ty = tapsOf(a, H, outH);
  const tx = tapsOf(a, W, outW);
  dx.fill(0, 0, planes * H * W);
  let j = 0;
  for (let c = 0; c < planes; c++) {
    const plane = c * H * W;
    for (let oy = 0; oy < outH; oy++, j += outW) {
      if (a.mode === 'nearest') nearestRowBackward(plane + ty.lo[oy]! * W, tx.lo, outW, dy, j, dx);
      else bilinearRowBackward(plane + ty.lo[oy]! * W, plane + ty.hi[oy]! * W, ty.weight[oy]!, tx, outW, dy, j, dx);
    }
  }
}

/** One output row's gradients dy[j..j+outW) added to input row r's columns they copied. */
function nearestRowBackward(r: number, lo: Int32Array, outW: number, dy: Float32Array, j: number, dx: Float32Array): void {
  for (let ox = 0; ox < outW; ox++) {
    const i = r + lo[ox]!;
    dx[i] = dx[i]! + dy[j + ox]!;
  }
}

/** One output row's gradients to input rows r0 and r1, weighted (1 - wy) and wy, and along the row by tx. */
function bilinearRowBackward(r0: number, r1: number, wy: number, tx: Taps, outW: number, dy: Float32Array, j: number, dx: Float32Array): void {
  for (let ox = 0; ox < outW; ox++) {
    const g = dy[j + ox]!;
    const x0 = tx.lo[ox]!;
    const x1 = tx.hi[ox]!;
    const wx = tx.weight[ox]!;
    dx[r0 + x0] = dx[r0 + x0]! + (1 - wy) * (1 - wx) * g;
    dx[r0 + x1] = dx[r0 + x1]! + (1 - wy) * wx * g;
    dx[r1 + x0] = dx[r1 + x0]! + wy * (1 - wx) * g;
    dx[r1 + x1] = dx[r1 + x1]! + wy * wx * g;
  }
}

export const upsampleKernels: KernelPair<'upsample'> = {
  plan: (layer, inDims) => ({ out: upsampledDims(layer.args, inDims[0]!), geometry: null, columns: 0 }),
  forward: ({ layer: l, batch, xs, y }) => {
    const d = l.inDims[0]!;
    upsampleForward(l.layer.args, batch * d.c, d.h, d.w, l.out.h, l.out.w, xs[0]!, y);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, dy, dxs }) => {
    const d = l.inDims[0]!;
    if (dxs[0]) upsampleBackward(l.layer.args, batch * d.c, d.h, d.w, l.out.h, l.out.w, dy, dxs[0]);
    return 0;
  },
};
