// Convolution as im2col + GEMM (cs231n "Implementation as Matrix Multiplication"): per image, the
// input becomes X_col [C*f*f x outH*outW] in the caller's workspace, and per group the product
// W_row [k/g x (C/g)*f*f] * X_col rows of that group gives the output [k/g x outH*outW], which is
// already NCHW. Weight [k, C/g, f, f], bias [k] or null. Returns the multiply-accumulates done.
// A 1x1 window at stride 1 without padding makes X_col the image itself: the products then read
// the NCHW input (and write dx) in place, with no im2col or col2im. A 3x3 stride-1 forward runs
// by Winograd where the WebAssembly backend has it (wasm/winograd.ts), within the same workspace,
// and so do its input gradient and its weight gradient. A depthwise one (a group per channel, one
// filter each) runs straight from the image there (wasm/depthwise.ts), both passes.

import { addBias, biasGradient } from './channel-bias.js';
import { gemm, rowMajor, transposed } from './gemm.js';
import type { ConvGeometry } from '../network.js';
import { col2im, im2col } from './im2col.js';
import { required, param, type KernelPair } from './kernel.js';
import { windowedPlan } from './plans.js';
import { zeroFloats } from '../wasm/elementwise.js';
import { depthwiseBackward, depthwiseConv } from '../wasm/depthwise.js';
import type { FusedStep } from '../wasm/optimize.js';
import { winogradConv, winogradInputGradient, winogradWeightGradient } from '../wasm/winograd.js';

export type { ConvGeometry };

/** Whether X_col is the image itself (a 1x1 window, stride 1, no padding). */
function pointwise({ wh, ww }: ConvGeometry): boolean {
  return wh.f === 1 && ww.f === 1 && wh.s === 1 && ww.s === 1 && wh.p === 0 && ww.p === 0;
}

/** Elements of one image's column matrix: the workspace this layer needs. */
export function convColumnElements(g: ConvGeometry): number {
  return g.C * g.wh.f * g.ww.f * g.outH * g.outW;
}

// x [B, C, H, W], weight [k, C/g, fh, fw], bias [k] -> y [B, k, outH, outW]; col: workspace
export function convForward(
  geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, bias: Float32Array | null,
  y: Float32Array, col: Float32Array,
): number {
  const { C, H, W, k, g, wh, ww, outH, outW } = geo;
  const N = outH * outW;
  const Kg = (C / g) * wh.f * ww.f;
  const kg = k / g;
  if (winogradConv(geo, batch, x, weight, y, col) || depthwiseConv(geo, batch, x, weight, y)) {
    if (bias) for (let n = 0; n < batch; n++) addBias(y, bias, k, N, n * k * N);
    return batch * k * N * Kg;
  }
  const direct = pointwise(geo);
  let macs = 0;
  for (let n = 0; n < batch; n++) {
    const [cols, cOff] = direct ? [x, n * C * H * W] : [col, 0];
    if (!direct) im2col(x, n * C * H * W, C, H, W, wh, ww, outH, outW, col);
    const yOff = n * k * N;
    for (let gi = 0; gi < g; gi++) {
      macs += gemm(kg, N, Kg, rowMajor(weight, gi * kg * Kg, Kg), rowMajor(cols, cOff + gi * Kg * N, N), y, yOff + gi * kg * N, N, false);
    }
    if (bias) addBias(y, bias, k, N, yOff);
  }
  return macs;
}

// dW_g [kg x Kg] += dY_g [kg x N] * X_col_g^T [N x Kg] for the image at xOff (yOff in dy); fresh: =
function weightGradientProduct(
  geo: ConvGeometry, x: Float32Array, xOff: number, dy: Float32Array, yOff: number, dWeight: Float32Array, col: Float32Array, fresh: boolean,
): number {
  const { C, H, W, g, wh, ww, outH, outW } = geo;
  const N = outH * outW;
  const Kg = (C / g) * wh.f * ww.f;
  const kg = geo.k / g;
  const direct = pointwise(geo);
  const [cols, cOff] = direct ? [x, xOff] : [col, 0];
  if (!direct) im2col(x, xOff, C, H, W, wh, ww, outH, outW, col);
  let macs = 0;
  for (let gi = 0; gi < g; gi++) {
    macs += gemm(kg, Kg, N, rowMajor(dy, yOff + gi * kg * N, N), transposed(cols, cOff + gi * Kg * N, N), dWeight, gi * kg * Kg, Kg, !fresh);
  }
  return macs;
}

// dy [B, k, outH, outW] -> dWeight, dBias accumulated (fresh: written, the first image's products
// stored rather than added); dx [B, C, H, W] overwritten (null: not needed). Given `step` (dWeight
// is final after this layer), the weight takes it inside Winograd's filter adjoint where that runs
// (wasm/winograd.ts), and step.done() says so.
export function convBackward(
  geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, dy: Float32Array,
  dWeight: Float32Array, dBias: Float32Array | null, dx: Float32Array | null, col: Float32Array, fresh = false, step: FusedStep | null = null,
): number {
  const { C, H, W, k, g, wh, ww, outH, outW } = geo;
  const N = outH * outW;
  const Kg = (C / g) * wh.f * ww.f;
  if (dBias && fresh) dBias.fill(0);
  if (dBias) for (let n = 0; n < batch; n++) biasGradient(dBias, dy, k, N, n * k * N);
  // the products' own MACs, as below (the weight gradient's, and the input gradient's)
  if (depthwiseBackward(geo, batch, x, weight, dy, dWeight, dx, fresh)) return (dx ? 2 : 1) * batch * k * N * Kg;
  // the input gradients first: the weight's step may be taken with its gradient
  const inputMacs = dx ? inputGradients(geo, batch, weight, dy, dx, col) : 0;
  // by Winograd the product's own MACs are reported, as below (one group)
  const final = step ? { weight, step } : null;
  if (winogradWeightGradient(geo, batch, x, dy, dWeight, col, fresh, final)) return inputMacs + batch * k * Kg * N;
  let macs = inputMacs;
  for (let n = 0; n < batch; n++) macs += weightGradientProduct(geo, x, n * C * H * W, dy, n * k * N, dWeight, col, fresh && n === 0);
  return macs;
}

// dx for images [0, batch), overwritten; returns the products' MACs (by Winograd the convolution's
// own, as the GEMMs' with one group)
function inputGradients(geo: ConvGeometry, batch: number, weight: Float32Array, dy: Float32Array, dx: Float32Array, col: Float32Array): number {
  const { C, H, W, k, g, wh, ww, outH, outW } = geo;
  const N = outH * outW;
  const direct = pointwise(geo);
  if (!direct && winogradInputGradient(geo, batch, dy, weight, dx, col)) return batch * C * wh.f * ww.f * N * k;
  // dX_col_g [Kg x N] = W_g^T [Kg x kg] * dY_g [kg x N], written over the columns already used
  // (pointwise: dX_g itself)
  const Kg = (C / g) * wh.f * ww.f;
  const kg = k / g;
  let macs = 0;
  for (let n = 0; n < batch; n++) {
    const [xOff, yOff] = [n * C * H * W, n * k * N];
    const [dcols, dOff] = direct ? [dx, xOff] : [col, 0];
    if (!direct) zeroFloats(dx, xOff, xOff + C * H * W); // col2im adds into it (Winograd, above, writes it)
    for (let gi = 0; gi < g; gi++) {
      macs += gemm(Kg, N, kg, transposed(weight, gi * kg * Kg, Kg), rowMajor(dy, yOff + gi * kg * N, N), dcols, dOff + gi * Kg * N, N, false);
    }
    if (!direct) col2im(col, C, H, W, wh, ww, outH, outW, dx, xOff);
  }
  return macs;
}

export const convKernels: KernelPair<'conv'> = {
  plan: (layer, inDims) => windowedPlan(layer, inDims, layer.args.k, layer.args.g, (p) => convColumnElements(p.geometry!)),
  forward: ({ layer: l, batch, xs, y, workspace }) => ({
    macs: convForward(l.geometry!, batch, xs[0]!, required(l, 'weight').data, param(l, 'bias')?.data ?? null, y, workspace!),
  }),
  backward: ({ layer: l, batch, xs, dy, dxs, workspace, freshGradients, step }) => {
    const w = required(l, 'weight');
    const convStep = step && { update: step.update, done: () => step.updated(w) };
    return convBackward(l.geometry!, batch, xs[0]!, w.data, dy, w.grad!, param(l, 'bias')?.grad ?? null, dxs[0]!, workspace!, freshGradients, convStep);
  },
  writesGradients: true,
};
