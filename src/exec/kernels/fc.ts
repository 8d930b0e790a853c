// Fully connected: y = W x + b per image, as torch.nn.Linear, over the image flattened in C,H,W order
// (NCHW data is already flat). Weight [n, in], bias [n]. Both passes are GEMMs (at a small batch
// the forward one reads each weight row once, and the backward's two products share one pass over
// the weight: wasm/gemm.ts). Return the multiply-accumulates done.

import { gemm, rowMajor, transposed } from './gemm.js';
import { wasmFcBackward } from '../wasm/gemm.js';
import type { FusedStep } from '../wasm/optimize.js';
import { required, type KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';
import { size } from '../tensor.js';

// x [B, in], weight [n, in], bias [n] -> y [B, n]
export function fcForward(batch: number, inputs: number, n: number, x: Float32Array, weight: Float32Array, bias: Float32Array, y: Float32Array): number {
  // Y [B x n] = X [B x in] * W^T [in x n]
  const macs = gemm(batch, n, inputs, rowMajor(x, 0, inputs), transposed(weight, 0, inputs), y, 0, n, false);
  for (let b = 0; b < batch; b++) for (let o = 0; o < n; o++) y[b * n + o] = y[b * n + o]! + bias[o]!;
  return macs;
}

// dy [B, n] -> dWeight [n, in], dBias [n] added to (fresh: written); dx [B, in] overwritten (or
// null). Where the WebAssembly kernel runs and `step` is given, the weight takes its optimizer step
// in the same sweep, and where x and the weight are `finite`, dWeight is written fresh and the step
// is SGD's (or none) it skips the rows of dy that are zero (wasm/gemm.ts): the figures are the same.
export function fcBackward(
  batch: number, inputs: number, n: number, x: Float32Array, weight: Float32Array, dy: Float32Array,
  dWeight: Float32Array, dBias: Float32Array, dx: Float32Array | null, fresh = false, step: FusedStep | null = null, finite = false,
): number {
  if (fresh) dBias.fill(0);
  for (let b = 0; b < batch; b++) for (let o = 0; o < n; o++) dBias[o] = dBias[o]! + dy[b * n + o]!;
  if (dx && wasmFcBackward(batch, inputs, n, x, dy, weight, dWeight, dx, { fresh, finite }, step)) return 2 * n * inputs * batch; // the two products below in one pass
  // dW [n x in] (+)= dY^T [n x B] * X [B x in]
  let macs = gemm(n, inputs, batch, transposed(dy, 0, n), rowMajor(x, 0, inputs), dWeight, 0, inputs, !fresh);
  // dX [B x in] = dY [B x n] * W [n x in]
  if (dx) macs += gemm(batch, inputs, n, rowMajor(dy, 0, n), rowMajor(weight, 0, inputs), dx, 0, inputs, false);
  return macs;
}

// A finite output means finite inputs and weights: an infinite or NaN weight makes its row's dot
// product NaN or infinite whatever x is (0 inf is NaN), and an infinite or NaN input every row's.
function allFinite(y: Float32Array): boolean {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) return false;
  return true;
}

export const fcKernels: KernelPair<'fc'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y, keeps }) => {
    const macs = fcForward(batch, size(l.inDims[0]!), l.layer.args.n, xs[0]!, required(l, 'weight').data, required(l, 'bias').data, y);
    return keeps ? { macs, saved: { finite: allFinite(y) } } : { macs };
  },
  backward: ({ layer: l, batch, xs, dy, dxs, saved, freshGradients, step }) => {
    const w = required(l, 'weight');
    const fcStep = step && { update: step.update, done: () => step.updated(w) };
    const finite = saved.finite === true;
    return fcBackward(batch, size(l.inDims[0]!), l.layer.args.n, xs[0]!, w.data, dy, w.grad!, required(l, 'bias').grad!, dxs[0]!, freshGradients, fcStep, finite);
  },
  writesGradients: true,
};
