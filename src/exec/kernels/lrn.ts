// Local response normalisation across channels, as torch.nn.LocalResponseNorm(size, alpha, beta, k):
// scale_c = k + alpha/size * sum of x^2 over channels c - floor(size/2) .. c + floor((size-1)/2)
// (clipped to the channels there are), y_c = x_c / scale_c^beta. The scale is kept for the backward.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

export interface LrnParams {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
}

// x [B, C, HW] -> y, scale [B, C, HW]
export function lrnForward(a: LrnParams, batch: number, C: number, HW: number, x: Float32Array, y: Float32Array, scale: Float32Array): void {
  const before = Math.floor(a.size / 2);
  const after = Math.floor((a.size - 1) / 2);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < C; c++) {
      const lo = Math.max(0, c - before);
      const hi = Math.min(C - 1, c + after);
      for (let p = 0; p < HW; p++) {
        let s = 0;
        for (let j = lo; j <= hi; j++) {
          const v = x[(n * C + j) * HW + p]!;
          s += v * v;
        }
        const i = (n * C + c) * HW + p;
        const sc = a.k + (a.alpha / a.size) * s;
        scale[i] = sc;
        y[i] = x[i]! * Math.pow(sc, -a.beta);
      }
    }
  }
}

// x, scale, dy [B, C, HW] -> dx [B, C, HW]:
// dx_j = dy_j scale_j^-beta - (2 alpha beta / size) x_j * sum over i whose window holds j of dy_i x_i scale_i^(-beta-1)
// Each position's terms dy_i x_i scale_i^-beta / scale_i are worked out once, in float64 as before,
// and summed per window from there: one pow per element, as in the forward, not size + 1.
export function lrnBackward(a: LrnParams, batch: number, C: number, HW: number, x: Float32Array, scale: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const before = Math.floor(a.size / 2);
  const after = Math.floor((a.size - 1) / 2);
  const factor = (2 * a.alpha * a.beta) / a.size;
  const powered = new Float64Array(C); // scale^-beta at one position, per channel
  const terms = new Float64Array(C);
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < HW; p++) {
      for (let c = 0, q = n * C * HW + p; c < C; c++, q += HW) {
        powered[c] = Math.pow(scale[q]!, -a.beta);
        terms[c] = (dy[q]! * x[q]! * powered[c]!) / scale[q]!;
      }
      for (let j = 0, q = n * C * HW + p; j < C; j++, q += HW) {
        const hi = Math.min(C - 1, j + before);
        let s = 0;
        for (let i = Math.max(0, j - after); i <= hi; i++) s += terms[i]!;
        dx[q] = dy[q]! * powered[j]! - factor * x[q]! * s;
      }
    }
  }
}

export const lrnKernels: KernelPair<'lrn'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y, keeps, tracker }) => {
    const d = l.inDims[0]!;
    // Without a backward the scale is written over the output, element by element, before it is used.
    const scale = keeps ? tracker.f32('saved', y.length) : y;
    lrnForward(l.layer.args, batch, d.c, d.h * d.w, xs[0]!, y, scale);
    return { macs: 0, saved: keeps ? { f32: scale } : {} };
  },
  backward: ({ layer: l, batch, xs, dy, dxs, saved }) => {
    const d = l.inDims[0]!;
    lrnBackward(l.layer.args, batch, d.c, d.h * d.w, xs[0]!, saved.f32!, dy, dxs[0]!);
    return 0;
  },
};
