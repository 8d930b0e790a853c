// A learned multiplier per channel (layers/scale.ts, ConvNeXt's layer scale): y_c = weight_c * x_c.
// The backward reads the input for the multipliers' gradient, sum over the batch and positions of dy * x.

import type { KernelPair } from './kernel.js';
import { required } from './kernel.js';
import { declaredPlan } from './plans.js';

// x [B, C, HW], weight [C] -> y [B, C, HW]
export function scaleForward(batch: number, C: number, HW: number, x: Float32Array, weight: Float32Array, y: Float32Array): void {
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < C; c++) {
      const o = (n * C + c) * HW;
      for (let p = 0; p < HW; p++) y[o + p] = weight[c]! * x[o + p]!;
    }
  }
}

// x, dy [B, C, HW], weight [C] -> dWeight [C] accumulated; dx [B, C, HW] or null
export function scaleBackward(batch: number, C: number, HW: number, x: Float32Array, weight: Float32Array, dy: Float32Array, dWeight: Float32Array, dx: Float32Array | null): void {
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < C; c++) {
      const o = (n * C + c) * HW;
      const w = weight[c]!;
      let s = 0;
      // one sweep over the channel's positions, as the forward's: the sum and the input gradient together
      if (dx) {
        for (let p = 0; p < HW; p++) {
          s += dy[o + p]! * x[o + p]!;
          dx[o + p] = dy[o + p]! * w;
        }
      } else for (let p = 0; p < HW; p++) s += dy[o + p]! * x[o + p]!;
      dWeight[c] = dWeight[c]! + s;
    }
  }
}

export const scaleKernels: KernelPair<'scale'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => {
    const d = l.inDims[0]!;
    scaleForward(batch, d.c, d.h * d.w, xs[0]!, required(l, 'weight').data, y);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, xs, dy, dxs }) => {
    const d = l.inDims[0]!;
    const w = required(l, 'weight');
    scaleBackward(batch, d.c, d.h * d.w, xs[0]!, w.data, dy, w.grad!, dxs[0] ?? null);
    return 0;
  },
};
