// A 3x3 stride-1 convolution by Winograd F(2x2, 3x3) (kernels.as): the filters transformed once
// per call (U), then per image and chunk of 2x2 output tiles the input transform (V), sixteen
// GEMMs M_e = U_e V_e through the same packed GEMM, and the output transform into y. All three
// live in the layer's im2col workspace (U [16 x k x C], V [16 x C x P], M [16 x k x P], P tiles a
// chunk), so the run allocates nothing the budget does not predict; where they do not fit in at
// least 32 tiles a chunk, or the layer is not one Winograd serves, the caller runs im2col + GEMM.
// The input gradient of such a layer is one too (winogradInputGradient).
// The GEMMs do 16/36 of the multiplies of im2col + GEMM on whole tiles; the figures the executor
// reports stay the convolution's own MACs.

import type { ConvGeometry } from '../network.js';
import { OP, parallel } from '../threads/pool.js';
import { wasmGemm } from './gemm.js';
import { wasmRuntime } from './runtime.js';

/** Below this many input channels the transforms cost more than the multiplies they save. */
const MIN_CHANNELS = 8;
const MIN_TILES = 32;

/** Whether Winograd serves this layer's windows (3x3, stride 1, no dilation, one group). */
export function winogradServes({ C, g, wh, ww }: ConvGeometry): boolean {
  const win = (w: ConvGeometry['wh']): boolean => w.f === 3 && w.s === 1 && w.d === 1 && w.p === ww.p;
  return g === 1 && C >= MIN_CHANNELS && win(wh) && win(ww) && wh.p === ww.p;
}

/** Tiles per chunk that fit beside U in `floats`, or 0 when fewer than MIN_TILES (or all) do. */
function chunkTiles(C: number, k: number, tiles: number, floats: number): number {
  const fit = Math.floor((floats - 16 * k * C) / (16 * (C + k)));
  const chunk = Math.min(tiles, fit);
  return chunk >= Math.min(tiles, MIN_TILES) ? chunk : 0;
}

/** y = conv(x, weight), no bias, for images [0, batch); false where it does not apply. */
export function winogradConv(geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, y: Float32Array, col: Float32Array): boolean {
  return winograd(geo, batch, x, weight, false, y, col);
}

/**
 * dx = the input gradient of conv(x, weight) for one image's dy, overwritten: itself a 3x3
 * stride-1 convolution of dy, with the filters turned by 180 degrees and their two channel axes
 * swapped, and padding 2 - p (so that it slides back to H x W positions).
 */
export function winogradInputGradient(geo: ConvGeometry, dy: Float32Array, weight: Float32Array, dx: Float32Array, col: Float32Array): boolean {
  const { C, H, W, k, wh, ww, outH, outW } = geo;
  if (wh.p > 2 || ww.p > 2) return false;
  const side = (w: ConvGeometry['wh']): ConvGeometry['wh'] => ({ ...w, p: 2 - w.p });
  const back: ConvGeometry = { ...geo, C: k, H: outH, W: outW, k: C, wh: side(wh), ww: side(ww), outH: H, outW: W };
  return winograd(back, 1, dy, weight, true, dx, col);
}

function winograd(geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, flipped: boolean, y: Float32Array, col: Float32Array): boolean {
  const rt = wasmRuntime();
  if (!rt || !winogradServes(geo) || ![x, weight, y, col].every((t) => rt.arena.owns(t))) return false;
  const { C, H, W, k, wh, outH, outW } = geo;
  const tilesW = Math.ceil(outW / 2);
  const tiles = Math.ceil(outH / 2) * tilesW;
  const chunk = chunkTiles(C, k, tiles, col.length);
  if (chunk === 0) return false;
  const base = col.byteOffset;
  const vAt = base + 16 * k * C * 4;
  const mAt = vAt + 16 * C * chunk * 4;
  parallel(rt, OP.winogradFilter, [weight.byteOffset, k, C, base, flipped ? 1 : 0], k, 1);
  for (let n = 0; n < batch; n++) {
    const xAt = x.byteOffset + n * C * H * W * 4;
    const yAt = y.byteOffset + n * k * outH * outW * 4;
    for (let t0 = 0; t0 < tiles; t0 += chunk) {
      const count = Math.min(chunk, tiles - t0);
      parallel(rt, OP.winogradInput, [xAt, C, H, W, wh.p, tilesW, t0, count, vAt], C, 1);
      const u = (e: number): number => e * k * C;
      const v = (e: number): number => (vAt - base) / 4 + e * C * count;
      const m = (e: number): number => (mAt - base) / 4 + e * k * count;
      for (let e = 0; e < 16; e++) {
        wasmGemm(k, count, C, { data: col, off: u(e), row: C, col: 1 }, { data: col, off: v(e), row: count, col: 1 }, col, m(e), count, false);
      }
      parallel(rt, OP.winogradOutput, [mAt, k, tilesW, t0, count, outH, outW, yAt], k, 1);
    }
  }
  return true;
}
