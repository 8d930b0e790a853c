// The merges of notation version 2: concatenation along depth ({ A | B }, torch.cat(dim=1)) and
// element-wise addition ({ A + B }). Their backward passes are a split and a copy.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

// xs[i] [B, C_i, HW] -> y [B, sum C_i, HW]
export function concatForward(batch: number, HW: number, depths: readonly number[], xs: readonly Float32Array[], y: Float32Array): void {
  const total = depths.reduce((a, b) => a + b, 0);
  for (let n = 0; n < batch; n++) {
    let c0 = 0;
    depths.forEach((C, i) => {
      y.set(xs[i]!.subarray(n * C * HW, (n + 1) * C * HW), (n * total + c0) * HW);
      c0 += C;
    });
  }
}

// dy [B, sum C_i, HW] -> dxs[i] [B, C_i, HW]; null where no gradient is wanted
export function concatBackward(batch: number, HW: number, depths: readonly number[], dy: Float32Array, dxs: readonly (Float32Array | null)[]): void {
  const total = depths.reduce((a, b) => a + b, 0);
  for (let n = 0; n < batch; n++) {
    let c0 = 0;
    depths.forEach((C, i) => {
      dxs[i]?.set(dy.subarray((n * total + c0) * HW, (n * total + c0 + C) * HW), n * C * HW);
      c0 += C;
    });
  }
}

// xs[i] [count] -> y [count]
export function addForward(count: number, xs: readonly Float32Array[], y: Float32Array): void {
  y.set(xs[0]!.subarray(0, count));
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    for (let j = 0; j < count; j++) y[j] = y[j]! + x[j]!;
  }
}

export const concatKernels: KernelPair<'concat'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => {
    const d = l.inDims[0]!;
    concatForward(batch, d.h * d.w, l.inDims.map((i) => i.c), xs, y);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, dy, dxs }) => {
    const d = l.inDims[0]!;
    concatBackward(batch, d.h * d.w, l.inDims.map((i) => i.c), dy, dxs);
    return 0;
  },
};

export const addKernels: KernelPair<'add'> = {
  plan: declaredPlan,
  forward: ({ xs, y }) => {
    addForward(y.length, xs, y);
    return { macs: 0 };
  },
  backward: ({ dy, dxs }) => {
    for (const dx of dxs) dx?.set(dy); // the gradient of a sum reaches every branch unchanged
    return 0;
  },
};
