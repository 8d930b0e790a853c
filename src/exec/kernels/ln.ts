// Layer normalisation over the channels at each position, as ConvNeXt's LayerNorm2d (layers/ln.ts):
// y_c = (x_c - mean) * rstd * weight_c + bias_c, rstd = 1/sqrt(var + eps), mean and biased var over
// the C channels of one position. The same at inference and in training (no running statistics).
// The forward keeps mean and rstd per position for the backward, as PyTorch's native_layer_norm does.
// Both passes run in WebAssembly where the tensors live in its memory (wasm/ln.ts, the same bits);
// these loops are the reference and the fallback.

import { wasmLnBackward, wasmLnForward } from '../wasm/ln.js';
import type { KernelPair } from './kernel.js';
import { required } from './kernel.js';
import { declaredPlan } from './plans.js';

// x [B, C, HW] -> y [B, C, HW]; mean, rstd [B, HW] (written where given)
export function lnForward(
  eps: number, batch: number, C: number, HW: number, x: Float32Array, weight: Float32Array, bias: Float32Array,
  y: Float32Array, mean: Float32Array | null, rstd: Float32Array | null,
): void {
  if (wasmLnForward(eps, batch, C, HW, x, weight, bias, y, mean, rstd)) return;
  // channel c of position p in image n is element first + c * HW
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < HW; p++) {
      const first = n * C * HW + p;
      let s = 0;
      for (let c = 0, q = first; c < C; c++, q += HW) s += x[q]!;
      const m = s / C;
      let s2 = 0;
      for (let c = 0, q = first; c < C; c++, q += HW) s2 += (x[q]! - m) ** 2;
      const r = 1 / Math.sqrt(s2 / C + eps);
      for (let c = 0, q = first; c < C; c++, q += HW) y[q] = (x[q]! - m) * r * weight[c]! + bias[c]!;
      if (mean) mean[n * HW + p] = m;
      if (rstd) rstd[n * HW + p] = r;
    }
  }
}

// x, dy [B, C, HW], mean, rstd [B, HW] -> dWeight, dBias [C] accumulated; dx [B, C, HW] or null:
// with xh = (x - mean) * rstd and g = dy * weight, dx = rstd * (g - mean_c(g) - xh * mean_c(g * xh))
export function lnBackward(
  batch: number, C: number, HW: number, x: Float32Array, weight: Float32Array, mean: Float32Array, rstd: Float32Array,
  dy: Float32Array, dWeight: Float32Array, dBias: Float32Array, dx: Float32Array | null,
): void {
  if (wasmLnBackward(batch, C, HW, x, weight, mean, rstd, dy, dWeight, dBias, dx)) return;
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < HW; p++) {
      const first = n * C * HW + p;
      const m = mean[n * HW + p]!;
      const r = rstd[n * HW + p]!;
      let sg = 0;
      let sgx = 0;
      for (let c = 0, q = first; c < C; c++, q += HW) {
        const xh = (x[q]! - m) * r;
        const d = dy[q]!;
        dWeight[c] = dWeight[c]! + d * xh;
        dBias[c] = dBias[c]! + d;
        sg += d * weight[c]!;
        sgx += d * weight[c]! * xh;
      }
      if (!dx) continue;
      for (let c = 0, q = first; c < C; c++, q += HW) {
        const xh = (x[q]! - m) * r;
        dx[q] = r * (dy[q]! * weight[c]! - sg / C - (xh * sgx) / C);
      }
    }
  }
}

export const lnKernels: KernelPair<'ln'> = {
  plan: declaredPlan,
  forward: ({ layer: l, batch, xs, y, keeps, tracker }) => {
    const d = l.inDims[0]!;
    const HW = d.h * d.w;
    const stats = keeps ? tracker.f32('saved', 2 * batch * HW) : null;
    const mean = stats?.subarray(0, batch * HW) ?? null;
    const rstd = stats?.subarray(batch * HW) ?? null;
    lnForward(l.layer.args.eps, batch, d.c, HW, xs[0]!, required(l, 'weight').data, required(l, 'bias').data, y, mean, rstd);
    return { macs: 0, saved: stats ? { f32: stats } : {} };
  },
  backward: ({ layer: l, batch, xs, dy, dxs, saved }) => {
    const d = l.inDims[0]!;
    const HW = d.h * d.w;
    const stats = saved.f32!;
    const w = required(l, 'weight');
    lnBackward(batch, d.c, HW, xs[0]!, w.data, stats.subarray(0, batch * HW), stats.subarray(batch * HW), dy, w.grad!, required(l, 'bias').grad!, dxs[0] ?? null);
    return 0;
  },
};
