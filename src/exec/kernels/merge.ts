// The merges: concatenation along depth ({ A | B }, torch.cat(dim=1)), element-wise addition
// ({ A + B }), the product ({ A & B }, broadcasting a 1 x 1 x C factor) and the slices of a split
// ({ A / B }). Their backward passes are a split, a copy, products with the other factors and a
// copy into a part of the input gradient.

import type { KernelPair, KindLayer } from './kernel.js';
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

/** Reads factor x at (n, c, p) of a [B, C, HW] product: a 1 x 1 x C factor broadcasts over HW. */
function factorAt(x: Float32Array, broadcast: boolean, C: number, HW: number, n: number, c: number, p: number): number {
  return broadcast ? x[n * C + c]! : x[(n * C + c) * HW + p]!;
}

// xs[i] [B, C, HW] or [B, C, 1] -> y [B, C, HW]: the product, each 1 x 1 factor broadcast
function productForward(batch: number, C: number, HW: number, xs: readonly Float32Array[], broadcast: readonly boolean[], y: Float32Array): void {
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < C; c++)
      for (let p = 0; p < HW; p++) {
        let v = 1;
        for (let i = 0; i < xs.length; i++) v *= factorAt(xs[i]!, broadcast[i]!, C, HW, n, c, p);
        y[(n * C + c) * HW + p] = v;
      }
}

// dx_i = dy times the other factors; a broadcast factor's gradient sums over HW
function productBackward(batch: number, C: number, HW: number, xs: readonly Float32Array[], broadcast: readonly boolean[], dy: Float32Array, dxs: readonly (Float32Array | null)[]): void {
  dxs.forEach((dx, i) => {
    if (!dx) return;
    if (broadcast[i]) dx.fill(0);
    for (let n = 0; n < batch; n++)
      for (let c = 0; c < C; c++)
        for (let p = 0; p < HW; p++) {
          let v = dy[(n * C + c) * HW + p]!;
          for (let j = 0; j < xs.length; j++) if (j !== i) v *= factorAt(xs[j]!, broadcast[j]!, C, HW, n, c, p);
          if (broadcast[i]) dx[n * C + c] = dx[n * C + c]! + v;
          else dx[(n * C + c) * HW + p] = v;
        }
  });
}

const broadcastFlags = (l: KindLayer<'mul'>): boolean[] => l.inDims.map((d) => d.h * d.w !== l.out.h * l.out.w);

export const mulKernels: KernelPair<'mul'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => {
    productForward(batch, l.out.c, l.out.h * l.out.w, xs, broadcastFlags(l), y);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, xs, dy, dxs }) => {
    productBackward(batch, l.out.c, l.out.h * l.out.w, xs, broadcastFlags(l), dy, dxs);
    return 0;
  },
};

/** Channels [first, first + C) of each image: part `part` (1-based) of `parts`. */
const sliceStart = (l: KindLayer<'slice'>): number => (l.layer.args.part - 1) * l.out.c;

export const sliceKernels: KernelPair<'slice'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => {
    const HW = l.out.h * l.out.w;
    const C = l.inDims[0]!.c;
    for (let n = 0; n < batch; n++) y.set(xs[0]!.subarray((n * C + sliceStart(l)) * HW, (n * C + sliceStart(l) + l.out.c) * HW), n * l.out.c * HW);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, dy, dxs }) => {
    const dx = dxs[0];
    if (!dx) return 0;
    const HW = l.out.h * l.out.w;
    const C = l.inDims[0]!.c;
    dx.fill(0); // the other parts' channels get their gradients from their own slices
    for (let n = 0; n < batch; n++) dx.set(dy.subarray(n * l.out.c * HW, (n + 1) * l.out.c * HW), (n * C + sliceStart(l)) * HW);
    return 0;
  },
};
