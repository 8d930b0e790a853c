// Batch normalisation over depth, as torch.nn.BatchNorm2d (eps 1e-5, momentum 0.1). Inference uses
// the running statistics; training normalises with the batch's mean and biased variance and updates
// the running ones (unbiased variance). The backward recomputes the batch statistics from the saved
// input (its declaration, layers/bn.ts, keeps only the input). Both run in WebAssembly where the
// tensors live in its memory (wasm/bn.ts); these loops are the reference and the fallback.

import { BN_EPS } from '../../layers/bn.js';
import { wasmBnBackward, wasmBnForward } from '../wasm/bn.js';
import { required, type KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

export { BN_EPS };

const MOMENTUM = 0.1;

function stats(batch: number, C: number, HW: number, x: Float32Array, c: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let n = 0; n < batch; n++) {
    const o = (n * C + c) * HW;
    for (let p = 0; p < HW; p++) s += x[o + p]!;
  }
  const count = batch * HW;
  const mean = s / count;
  for (let n = 0; n < batch; n++) {
    const o = (n * C + c) * HW;
    for (let p = 0; p < HW; p++) s2 += (x[o + p]! - mean) ** 2;
  }
  return { mean, variance: s2 / count };
}

// x [B, C, HW], gamma, beta, runMean, runVar [C] -> y [B, C, HW]
export function bnForward(
  train: boolean, batch: number, C: number, HW: number, x: Float32Array, gamma: Float32Array, beta: Float32Array,
  runMean: Float32Array, runVar: Float32Array, y: Float32Array, eps = BN_EPS,
): void {
  if (wasmBnForward(train, batch, C, HW, x, gamma, beta, runMean, runVar, y, eps)) return;
  for (let c = 0; c < C; c++) {
    let mean = runMean[c]!;
    let variance = runVar[c]!;
    if (train) {
      ({ mean, variance } = stats(batch, C, HW, x, c));
      const count = batch * HW;
      runMean[c] = (1 - MOMENTUM) * runMean[c]! + MOMENTUM * mean;
      runVar[c] = (1 - MOMENTUM) * runVar[c]! + MOMENTUM * (count > 1 ? (variance * count) / (count - 1) : variance);
    }
    const a = gamma[c]! / Math.sqrt(variance + eps);
    const b = beta[c]! - mean * a;
    for (let n = 0; n < batch; n++) {
      const o = (n * C + c) * HW;
      for (let p = 0; p < HW; p++) y[o + p] = x[o + p]! * a + b;
    }
  }
}

// x, dy [B, C, HW] -> dGamma, dBeta accumulated; dx [B, C, HW] or null (training statistics)
export function bnBackward(
  batch: number, C: number, HW: number, x: Float32Array, gamma: Float32Array, dy: Float32Array,
  dGamma: Float32Array, dBeta: Float32Array, dx: Float32Array | null, eps = BN_EPS,
): void {
  if (wasmBnBackward(batch, C, HW, x, gamma, dy, dGamma, dBeta, dx, eps)) return;
  const count = batch * HW;
  for (let c = 0; c < C; c++) {
    const { mean, variance } = stats(batch, C, HW, x, c);
    const inv = 1 / Math.sqrt(variance + eps);
    let sdy = 0;
    let sdyx = 0;
    for (let n = 0; n < batch; n++) {
      const o = (n * C + c) * HW;
      for (let p = 0; p < HW; p++) {
        sdy += dy[o + p]!;
        sdyx += dy[o + p]! * (x[o + p]! - mean) * inv;
      }
    }
    dGamma[c] = dGamma[c]! + sdyx;
    dBeta[c] = dBeta[c]! + sdy;
    if (!dx) continue;
    const g = gamma[c]! * inv;
    for (let n = 0; n < batch; n++) {
      const o = (n * C + c) * HW;
      for (let p = 0; p < HW; p++) {
        const xh = (x[o + p]! - mean) * inv;
        dx[o + p] = g * (dy[o + p]! - sdy / count - (xh * sdyx) / count);
      }
    }
  }
}

export const bnKernels: KernelPair<'bn'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y, train }) => {
    const d = l.inDims[0]!;
    const stat = (name: 'running_mean' | 'running_var'): Float32Array => required(l, name).data;
    bnForward(train, batch, d.c, d.h * d.w, xs[0]!, required(l, 'weight').data, required(l, 'bias').data, stat('running_mean'), stat('running_var'), y, l.layer.args.eps);
    return { macs: 0 };
  },
  backward: ({ layer: l, batch, xs, dy, dxs }) => {
    const d = l.inDims[0]!;
    const w = required(l, 'weight');
    bnBackward(batch, d.c, d.h * d.w, xs[0]!, w.data, dy, w.grad!, required(l, 'bias').grad!, dxs[0] ?? null, l.layer.args.eps);
    return 0;
  },
};
