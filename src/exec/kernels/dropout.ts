// Dropout: the identity at inference. In training, inverted dropout as torch.nn.Dropout: each element
// is kept with probability 1 - p (mask byte 1) and scaled by 1/(1-p); the mask (one byte per element)
// is kept for the backward pass (null when no backward pass will run: the same random draws).
// As PyTorch's, the mask multiplies (x * mask / (1-p)) rather than selects, so a dropped NaN or
// infinity still gives NaN, forward and backward.

import type { Random } from '../random.js';
import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

// x [count] -> y [count], mask [count] or null
export function dropoutForward(p: number, count: number, x: Float32Array, y: Float32Array, mask: Uint8Array | null, random: Random): void {
  const scale = 1 / (1 - p);
  for (let i = 0; i < count; i++) {
    const keep = random.next() >= p ? 1 : 0;
    if (mask) mask[i] = keep;
    y[i] = x[i]! * (keep * scale);
  }
}

// dy, mask [count] -> dx [count]
export function dropoutBackward(p: number, count: number, dy: Float32Array, mask: Uint8Array, dx: Float32Array): void {
  const scale = 1 / (1 - p);
  for (let i = 0; i < count; i++) dx[i] = dy[i]! * (mask[i]! * scale);
}

export const dropoutKernels: KernelPair<'dropout'> = {
  plan: declaredPlan,
  forward: ({ layer: l, xs, y, train, keeps, tracker, random }) => {
    if (!train) {
      y.set(xs[0]!.subarray(0, y.length));
      return { macs: 0 };
    }
    // Training drops elements whether or not a gradient reaches the layer; only then is the mask kept.
    const mask = keeps ? tracker.u8('saved', y.length) : null;
    dropoutForward(l.layer.args.p, y.length, xs[0]!, y, mask, random);
    return { macs: 0, saved: mask ? { u8: mask } : {} };
  },
  backward: ({ layer: l, dy, dxs, saved }) => {
    dropoutBackward(l.layer.args.p, dy.length, dy, saved.u8!, dxs[0]!);
    return 0;
  },
};
