// Softmax over depth (the channels) at every position, as torch.softmax(x, dim=1) on N,C,H,W:
// max-subtracted for stability. The backward uses the saved output: dx = y (dy - sum_c dy y).

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

// x [B, C, HW] -> y [B, C, HW]
export function softmaxForward(batch: number, C: number, HW: number, x: Float32Array, y: Float32Array): void {
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < HW; p++) {
      const base = n * C * HW + p;
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, x[base + c * HW]!);
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(x[base + c * HW]! - max);
      for (let c = 0; c < C; c++) y[base + c * HW] = Math.exp(x[base + c * HW]! - max) / sum;
    }
  }
}

// y, dy [B, C, HW] -> dx [B, C, HW]
export function softmaxBackward(batch: number, C: number, HW: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < HW; p++) {
      const base = n * C * HW + p;
      let dot = 0;
      for (let c = 0; c < C; c++) dot += dy[base + c * HW]! * y[base + c * HW]!;
      for (let c = 0; c < C; c++) dx[base + c * HW] = y[base + c * HW]! * (dy[base + c * HW]! - dot);
    }
  }
}

export const softmaxKernels: KernelPair<'softmax'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => {
    const d = l.inDims[0]!;
    softmaxForward(batch, d.c, d.h * d.w, xs[0]!, y);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, y, dy, dxs }) => {
    const d = l.inDims[0]!;
    softmaxBackward(batch, d.c, d.h * d.w, y, dy, dxs[0]!);
    return 0;
  },
};
