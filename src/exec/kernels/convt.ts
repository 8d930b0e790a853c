// Transposed convolution (torch.nn.ConvTranspose2d) as the input gradient of a convolution: per
// image and group, the columns W_g^T x_g [(k/g)*f*f x H*W] (weight [D, k/g, f, f], so W_g is its
// [D/g x (k/g)*f*f] row block) are scattered by col2im into the output [k, outH, outW], the
// convolution's input, whose window (f, s, p) slides back to exactly H x W positions (op < s). Its
// backward is that convolution: dx_g = W_g * im2col(dy)_g, dW_g += x_g * im2col(dy)_g^T. Reuses
// im2col.ts and gemm.ts unchanged. Returns the multiply-accumulates done: the loop bounds.

import { addBias, biasGradient } from './channel-bias.js';
import type { ConvTArgs } from '../../layers/types.js';
import type { ConvGeometry } from '../network.js';
import type { Dims } from '../tensor.js';
import { gemm, rowMajor, transposed } from './gemm.js';
import { col2im, im2col, type Win } from './im2col.js';
import { param, required, type KernelPair } from './kernel.js';

function convTGeometry(a: ConvTArgs, d: Dims): ConvGeometry {
  const win: Win = { f: a.f, s: a.s, p: a.p, d: 1, ceil: false };
  const side = (n: number): number => (n - 1) * a.s - 2 * a.p + a.f + a.op;
  return { C: d.c, H: d.h, W: d.w, k: a.k, g: a.g, wh: win, ww: win, outH: side(d.h), outW: side(d.w) };
}

/** Rows of one group's columns, (k/g)*f*f, and positions of one input image, H*W. */
const groupRows = (geo: ConvGeometry): number => (geo.k / geo.g) * geo.wh.f * geo.ww.f;

// x [B, D, H, W], weight [D, k/g, f, f], bias [k] or null -> y [B, k, outH, outW]; col: k*f*f x H*W
export function convTForward(geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, bias: Float32Array | null, y: Float32Array, col: Float32Array): number {
  const { C, H, W, k, g, wh, ww, outH, outW } = geo;
  const N = H * W;
  const rows = groupRows(geo);
  const cg = C / g;
  const outN = outH * outW;
  let macs = 0;
  y.fill(0, 0, batch * k * outN);
  for (let n = 0; n < batch; n++) {
    for (let gi = 0; gi < g; gi++) {
      macs += gemm(rows, N, cg, transposed(weight, gi * cg * rows, rows), rowMajor(x, (n * C + gi * cg) * N, N), col, gi * rows * N, N, false);
    }
    col2im(col, k, outH, outW, wh, ww, H, W, y, n * k * outN);
    if (bias) addBias(y, bias, k, outN, n * k * outN);
  }
  return macs;
}

// dy [B, k, outH, outW] -> dWeight, dBias accumulated; dx [B, D, H, W] overwritten (null: not needed)
export function convTBackward(
  geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, dy: Float32Array,
  dWeight: Float32Array, dBias: Float32Array | null, dx: Float32Array | null, col: Float32Array,
): number {
  const { C, H, W, k, g, wh, ww, outH, outW } = geo;
  const N = H * W;
  const rows = groupRows(geo);
  const cg = C / g;
  const outN = outH * outW;
  let macs = 0;
  for (let n = 0; n < batch; n++) {
    if (dBias) biasGradient(dBias, dy, k, outN, n * k * outN);
    im2col(dy, n * k * outN, k, outH, outW, wh, ww, H, W, col);
    for (let gi = 0; gi < g; gi++) {
      const xOff = (n * C + gi * cg) * N;
      // dW_g [cg x rows] += x_g [cg x N] * col_g^T [N x rows]
      macs += gemm(cg, rows, N, rowMajor(x, xOff, N), transposed(col, gi * rows * N, N), dWeight, gi * cg * rows, rows, true);
      // dx_g [cg x N] = W_g [cg x rows] * col_g [rows x N]
      if (dx) macs += gemm(cg, N, rows, rowMajor(weight, gi * cg * rows, rows), rowMajor(col, gi * rows * N, N), dx, xOff, N, false);
    }
  }
  return macs;
}

export const convTKernels: KernelPair<'convt'> = {
  plan: (layer, inDims) => {
    const geometry = convTGeometry(layer.args, inDims[0]!);
    return { out: { c: geometry.k, h: geometry.outH, w: geometry.outW }, geometry, columns: geometry.k * geometry.wh.f * geometry.ww.f * geometry.H * geometry.W };
  },
  forward: ({ layer: l, batch, xs, y, workspace }) => ({
    macs: convTForward(l.geometry!, batch, xs[0]!, required(l, 'weight').data, param(l, 'bias')?.data ?? null, y, workspace!),
  }),
  backward: ({ layer: l, batch, xs, dy, dxs, workspace }) => {
    const w = required(l, 'weight');
    return convTBackward(l.geometry!, batch, xs[0]!, w.data, dy, w.grad!, param(l, 'bias')?.grad ?? null, dxs[0] ?? null, workspace!);
  },
};
