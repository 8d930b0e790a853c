// The merges: concatenation along depth ({ A | B }, torch.cat(dim=1)), element-wise addition
// ({ A + B }), the product ({ A & B }, broadcasting a 1 x 1 x C factor) and the slices of a split
// ({ A / B }). Their backward passes are a split, a copy, products with the other factors and a
// copy into a part of the input gradient.

import type { KernelPair, KindLayer } from './kernel.js';
import { declaredPlan } from './plans.js';
import { addFloats } from '../wasm/elementwise.js';

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
  if (xs.length === 1) y.set(xs[0]!.subarray(0, count));
  else addFloats(y, xs[0]!, xs[1]!, count);
  for (let i = 2; i < xs.length; i++) addFloats(y, y, xs[i]!, count);
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

/** The product of the broadcast (1 x 1 x C) factors at `at` = n * C + c (image n, channel c),
 *  factor `skip` left out. */
function broadcastProduct(xs: readonly Float32Array[], broadcast: readonly boolean[], at: number, skip: number): number {
  let b = 1;
  for (let i = 0; i < xs.length; i++) if (broadcast[i] && i !== skip) b *= xs[i]![at]!;
  return b;
}

/** The full factors, factor `skip` left out. */
const fullFactors = (xs: readonly Float32Array[], broadcast: readonly boolean[], skip: number): Float32Array[] =>
  xs.filter((_, i) => !broadcast[i] && i !== skip);

// The runs below have loops of their own for one and two full factors: squeeze-and-excitation's
// x * gate (and its gradients dy * gate, the sum of dy * x), where the general loop over the
// factors took most of a MobileNetV3's product time.

/** out[p] = start * the full factors at p, for p in [o, o + HW). */
function writeRun(full: readonly Float32Array[], start: number, o: number, HW: number, out: Float32Array): void {
  const f = full[0];
  if (full.length === 0) out.fill(start, o, o + HW);
  else if (full.length === 1) for (let p = o; p < o + HW; p++) out[p] = f![p]! * start;
  else {
    for (let p = o; p < o + HW; p++) {
      let v = start;
      for (let i = 0; i < full.length; i++) v *= full[i]![p]!;
      out[p] = v;
    }
  }
}

/** The sum over p in [o, o + HW) of start * the full factors at p, in float64. */
function sumRun(full: readonly Float32Array[], start: number, o: number, HW: number): number {
  const [f, g] = full;
  let sum = 0;
  if (full.length === 2) for (let p = o; p < o + HW; p++) sum += f![p]! * g![p]!;
  else {
    for (let p = o; p < o + HW; p++) {
      let v = 1;
      for (let i = 0; i < full.length; i++) v *= full[i]![p]!;
      sum += v;
    }
  }
  return sum * start;
}

// xs[i] [B, C, HW] or [B, C, 1] -> y [B, C, HW]: the product, each 1 x 1 factor broadcast
export function productForward(batch: number, C: number, HW: number, xs: readonly Float32Array[], broadcast: readonly boolean[], y: Float32Array): void {
  const full = fullFactors(xs, broadcast, -1);
  for (let nc = 0; nc < batch * C; nc++) writeRun(full, broadcastProduct(xs, broadcast, nc, -1), nc * HW, HW, y);
}

// dx_i = dy times the other factors; a broadcast factor's gradient sums over HW
export function productBackward(batch: number, C: number, HW: number, xs: readonly Float32Array[], broadcast: readonly boolean[], dy: Float32Array, dxs: readonly (Float32Array | null)[]): void {
  dxs.forEach((dx, i) => {
    if (!dx) return;
    const others = [dy, ...fullFactors(xs, broadcast, i)];
    for (let nc = 0; nc < batch * C; nc++) {
      const b = broadcastProduct(xs, broadcast, nc, i);
      if (broadcast[i]) dx[nc] = sumRun(others, b, nc * HW, HW);
      else writeRun(others, b, nc * HW, HW, dx);
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
