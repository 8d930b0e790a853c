// LOCAL: a locally connected layer (cs231n 3.1.2), direct loops: every output position p = oy*outW + ox
// has its own k filters. Weight [outH*outW, k, C*f*f] with each filter in (c, ky, kx) order,
// bias [k, outH, outW] or null. Returns the multiply-accumulates done.

import type { ConvGeometry } from '../network.js';
import { param, required, type KernelPair } from './kernel.js';
import { windowedPlan } from './plans.js';

/** The input offsets (within one image) of position (oy, ox)'s window, -1 for padding. */
function gather(geo: ConvGeometry, oy: number, ox: number, idx: Int32Array): void {
  const { C, H, W, wh, ww } = geo;
  let q = 0;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < wh.f; ky++) {
      const iy = oy * wh.s - wh.p + ky * wh.d;
      for (let kx = 0; kx < ww.f; kx++, q++) {
        const ix = ox * ww.s - ww.p + kx * ww.d;
        idx[q] = iy >= 0 && iy < H && ix >= 0 && ix < W ? (c * H + iy) * W + ix : -1;
      }
    }
  }
}

// x [B, C, H, W], weight [outH*outW, k, C*fh*fw], bias [k, outH, outW] -> y [B, k, outH, outW]
export function localForward(
  geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, bias: Float32Array | null, y: Float32Array,
): number {
  const { C, H, W, k, wh, ww, outH, outW } = geo;
  const Q = C * wh.f * ww.f;
  const P = outH * outW;
  const idx = new Int32Array(Q);
  let macs = 0;
  for (let p = 0; p < P; p++) {
    gather(geo, Math.floor(p / outW), p % outW, idx);
    for (let n = 0; n < batch; n++) {
      const xo = n * C * H * W;
      for (let o = 0; o < k; o++) {
        const wo = (p * k + o) * Q;
        let s = bias ? bias[o * P + p]! : 0;
        for (let q = 0; q < Q; q++) {
          const i = idx[q]!;
          if (i >= 0) s += weight[wo + q]! * x[xo + i]!;
        }
        macs += Q;
        y[(n * k + o) * P + p] = s;
      }
    }
  }
  return macs;
}

// dy [B, k, outH, outW] -> dWeight, dBias accumulated; dx [B, C, H, W] overwritten (or null)
export function localBackward(
  geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, dy: Float32Array,
  dWeight: Float32Array, dBias: Float32Array | null, dx: Float32Array | null,
): number {
  const { C, H, W, k, wh, ww, outH, outW } = geo;
  const Q = C * wh.f * ww.f;
  const P = outH * outW;
  const idx = new Int32Array(Q);
  let macs = 0;
  if (dx) dx.fill(0, 0, batch * C * H * W);
  for (let p = 0; p < P; p++) {
    gather(geo, Math.floor(p / outW), p % outW, idx);
    for (let n = 0; n < batch; n++) {
      const xo = n * C * H * W;
      for (let o = 0; o < k; o++) {
        const g = dy[(n * k + o) * P + p]!;
        if (dBias) dBias[o * P + p] = dBias[o * P + p]! + g;
        const wo = (p * k + o) * Q;
        for (let q = 0; q < Q; q++) {
          const i = idx[q]!;
          if (i < 0) continue;
          dWeight[wo + q] = dWeight[wo + q]! + g * x[xo + i]!;
          if (dx) dx[xo + i] = dx[xo + i]! + g * weight[wo + q]!;
        }
        macs += dx ? 2 * Q : Q;
      }
    }
  }
  return macs;
}

export const localKernels: KernelPair<'local'> = {
  plan: (layer, inDims) => windowedPlan(layer, inDims, layer.args.k, 1),
  forward: ({ layer: l, batch, xs, y }) => ({
    macs: localForward(l.geometry!, batch, xs[0]!, required(l, 'weight').data, param(l, 'bias')?.data ?? null, y),
  }),
  backward: ({ layer: l, batch, xs, dy, dxs }) => {
    const w = required(l, 'weight');
    return localBackward(l.geometry!, batch, xs[0]!, w.data, dy, w.grad!, param(l, 'bias')?.grad ?? null, dxs[0]!);
  },
};
