// Channel shuffle (layers/shuffle.ts, torchvision's ShuffleNetV2 channel_shuffle): output channel
// j*g + i is input channel i*(C/g) + j. The backward sends each output gradient back the same way.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

/** Copies image by image, channel by channel: to[target(c)] = from[c], with target(i*(C/g) + j) = j*g + i. */
function permute(g: number, batch: number, C: number, HW: number, from: Float32Array, to: Float32Array, forward: boolean): void {
  const perGroup = C / g;
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < perGroup; j++) {
        const input = (n * C + i * perGroup + j) * HW;
        const output = (n * C + j * g + i) * HW;
        if (forward) to.set(from.subarray(input, input + HW), output);
        else to.set(from.subarray(output, output + HW), input);
      }
    }
  }
}

// x [B, C, HW] -> y [B, C, HW]
export function shuffleForward(g: number, batch: number, C: number, HW: number, x: Float32Array, y: Float32Array): void {
  permute(g, batch, C, HW, x, y, true);
}

// dy [B, C, HW] -> dx [B, C, HW]
export function shuffleBackward(g: number, batch: number, C: number, HW: number, dy: Float32Array, dx: Float32Array): void {
  permute(g, batch, C, HW, dy, dx, false);
}

export const shuffleKernels: KernelPair<'shuffle'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => {
    const d = l.inDims[0]!;
    shuffleForward(l.layer.args.g, batch, d.c, d.h * d.w, xs[0]!, y);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, dy, dxs }) => {
    const d = l.inDims[0]!;
    shuffleBackward(l.layer.args.g, batch, d.c, d.h * d.w, dy, dxs[0]!);
    return 0;
  },
};
