// Fully connected: y = W x + b per image, as torch.nn.Linear, over the image flattened in C,H,W order
// (NCHW data is already flat). Weight [n, in], bias [n]. Forward runs four images per pass over a
// weight row; the backward uses the GEMM. Return the multiply-accumulates done.

import { gemm, rowMajor, transposed } from './gemm.js';
import { required, type KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';
import { size } from '../tensor.js';

// x [B, in], weight [n, in], bias [n] -> y [B, n]
export function fcForward(batch: number, inputs: number, n: number, x: Float32Array, weight: Float32Array, bias: Float32Array, y: Float32Array): number {
  let macs = 0;
  for (let o = 0; o < n; o++) {
    const w = o * inputs;
    let b = 0;
    for (; b + 4 <= batch; b += 4) {
      const x0 = b * inputs, x1 = x0 + inputs, x2 = x1 + inputs, x3 = x2 + inputs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < inputs; i++) {
        const wi = weight[w + i]!;
        s0 += wi * x[x0 + i]!;
        s1 += wi * x[x1 + i]!;
        s2 += wi * x[x2 + i]!;
        s3 += wi * x[x3 + i]!;
      }
      macs += 4 * inputs;
      y[b * n + o] = s0 + bias[o]!;
      y[(b + 1) * n + o] = s1 + bias[o]!;
      y[(b + 2) * n + o] = s2 + bias[o]!;
      y[(b + 3) * n + o] = s3 + bias[o]!;
    }
    for (; b < batch; b++) {
      const xo = b * inputs;
      let s = 0;
      for (let i = 0; i < inputs; i++) s += weight[w + i]! * x[xo + i]!;
      macs += inputs;
      y[b * n + o] = s + bias[o]!;
    }
  }
  return macs;
}

// dy [B, n] -> dWeight [n, in], dBias [n] accumulated; dx [B, in] overwritten (or null)
export function fcBackward(
  batch: number, inputs: number, n: number, x: Float32Array, weight: Float32Array, dy: Float32Array,
  dWeight: Float32Array, dBias: Float32Array, dx: Float32Array | null,
): number {
  for (let b = 0; b < batch; b++) for (let o = 0; o < n; o++) dBias[o] = dBias[o]! + dy[b * n + o]!;
  // dW [n x in] += dY^T [n x B] * X [B x in]
  let macs = gemm(n, inputs, batch, transposed(dy, 0, n), rowMajor(x, 0, inputs), dWeight, 0, inputs, true);
  // dX [B x in] = dY [B x n] * W [n x in]
  if (dx) macs += gemm(batch, inputs, n, rowMajor(dy, 0, n), rowMajor(weight, 0, inputs), dx, 0, inputs, false);
  return macs;
}

export const fcKernels: KernelPair<'fc'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y }) => ({
    macs: fcForward(batch, size(l.inDims[0]!), l.layer.args.n, xs[0]!, required(l, 'weight').data, required(l, 'bias').data, y),
  }),
  backward: ({ layer: l, batch, xs, dy, dxs }) => {
    const w = required(l, 'weight');
    return fcBackward(batch, size(l.inDims[0]!), l.layer.args.n, xs[0]!, w.data, dy, w.grad!, required(l, 'bias').grad!, dxs[0]!);
  },
};
