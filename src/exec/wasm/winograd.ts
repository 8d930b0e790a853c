// A 3x3 stride-1 convolution by Winograd F(2x2, 3x3) (kernels.as): the filters transformed once
// per call (U), then per image and chunk of 2x2 output tiles the input transform (V), sixteen
// GEMMs M_e = U_e V_e through the same packed GEMM (one batch, split between the threads by
// product: kernels.as gemmBatch), and the output transform into y. All three
// live in the layer's im2col workspace (U [16 x k x C], V [16 x C x P], M [16 x k x P], P tiles a
// chunk), so the run allocates nothing the budget does not predict; where they do not fit in at
// least 32 tiles a chunk, or the layer is not one Winograd serves, the caller runs im2col + GEMM.
// The input gradient of such a layer is one too (winogradInputGradient), and its weight gradient
// runs by the adjoint transforms (winogradWeightGradient), its products of inner dimension P
// batched the same way: by F(4x4, 3x3) (36 planes a tile of 4x4 outputs) where that saves enough
// multiplies (weightGradientTileSide), else by F(2x2). The transforms take four tiles of a row at
// a time, a tile a SIMD lane, wherever the tiles lie inside the image.
// The GEMMs do 16/36 of the multiplies of im2col + GEMM on whole tiles; the figures the executor
// reports stay the convolution's own MACs.

import type { ConvGeometry } from '../network.js';
import { OP, parallel } from '../threads/pool.js';
import { wasmGemmBatch } from './gemm.js';
import { fusedStepArgs, type WeightStep } from './optimize.js';
import { wasmRuntime, type WasmRuntime } from './runtime.js';

/** Below this many input channels the transforms cost more than the multiplies they save. */
const MIN_CHANNELS = 8;
const MIN_TILES = 32;

/** Whether Winograd serves this layer's windows (3x3, stride 1, no dilation, one group). */
export function winogradServes({ C, g, wh, ww }: ConvGeometry): boolean {
  const win = (w: ConvGeometry['wh']): boolean => w.f === 3 && w.s === 1 && w.d === 1 && w.p === ww.p;
  return g === 1 && C >= MIN_CHANNELS && win(wh) && win(ww) && wh.p === ww.p;
}

/** A chunk's V and M together at most this many bytes: VGG16's first 3x3 layers (64 channels at
 *  224, 12,544 tiles) in one chunk made V and M 51 MB each, and each pass over them went to memory
 *  and back; in chunks of 2,048 tiles (16 MiB) each of the three passes took 33 ms instead of 38-42
 *  on two threads (bench/conv-passes.mjs), and chunks of 8 or 32 MiB were no faster. */
const CHUNK_BYTES = 16 * 2 ** 20;

/** A Winograd variant: F(side x side, 3x3), (side + 2)^2 planes a tile. The forward pass and the
 *  input gradient run F(2x2); the weight gradient runs F(4x4) where it does fewer multiplies. */
interface Tiling {
  readonly side: 2 | 4;
  readonly planes: 16 | 36;
}
const F2: Tiling = { side: 2, planes: 16 };
const F4: Tiling = { side: 4, planes: 36 };

/** Tiles per chunk that fit beside U in `floats` (and within CHUNK_BYTES), or 0 when fewer than
 *  MIN_TILES (or all) do. */
function chunkTiles(C: number, k: number, tiles: number, floats: number, planes: number): number {
  const fit = Math.floor((floats - planes * k * C) / (planes * (C + k)));
  const chunk = Math.min(tiles, fit, Math.floor(CHUNK_BYTES / (planes * 4 * (C + k))));
  return chunk >= Math.min(tiles, MIN_TILES) ? chunk : 0;
}

/** y = conv(x, weight), no bias, for images [0, batch); false where it does not apply. */
export function winogradConv(geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, y: Float32Array, col: Float32Array): boolean {
  return winograd(geo, batch, x, weight, false, y, col);
}

/**
 * dx = the input gradient of conv(x, weight) for images [0, batch) of dy, overwritten: itself a
 * 3x3 stride-1 convolution of dy, with the filters turned by 180 degrees and their two channel
 * axes swapped, and padding 2 - p (so that it slides back to H x W positions); the filters are
 * transformed once for the batch.
 */
export function winogradInputGradient(geo: ConvGeometry, batch: number, dy: Float32Array, weight: Float32Array, dx: Float32Array, col: Float32Array): boolean {
  const { C, H, W, k, wh, ww, outH, outW } = geo;
  if (wh.p > 2 || ww.p > 2) return false;
  const side = (w: ConvGeometry['wh']): ConvGeometry['wh'] => ({ ...w, p: 2 - w.p });
  const back: ConvGeometry = { ...geo, C: k, H: outH, W: outW, k: C, wh: side(wh), ww: side(ww), outH: H, outW: W };
  return winograd(back, batch, dy, weight, true, dx, col);
}

/** Where U, V and M lie in the workspace col (byte addresses), and the chunk's tiles. */
interface Layout {
  readonly rt: WasmRuntime;
  readonly tiling: Tiling;
  readonly tilesW: number;
  readonly tiles: number;
  readonly chunk: number;
  readonly uAt: number;
  readonly vAt: number;
  readonly mAt: number;
  /** V's and M's offsets in col (floats; U's is 0). */
  readonly vOff: number;
  readonly mOff: number;
}

function layout(geo: ConvGeometry, col: Float32Array, tensors: readonly Float32Array[], tiling: Tiling | null = tilingFor(geo, col.length, F2)): Layout | null {
  const rt = wasmRuntime();
  if (!rt || !tiling || ![col, ...tensors].every((t) => rt.arena.owns(t))) return null;
  const { C, k, outW } = geo;
  const tilesW = Math.ceil(outW / tiling.side);
  const tiles = tileCount(geo, tiling);
  const chunk = chunkTiles(C, k, tiles, col.length, tiling.planes);
  const vOff = tiling.planes * k * C;
  const mOff = vOff + tiling.planes * C * chunk;
  const at = (off: number): number => col.byteOffset + off * 4;
  return { rt, tiling, tilesW, tiles, chunk, uAt: at(0), vAt: at(vOff), mAt: at(mOff), vOff, mOff };
}

function tileCount({ outH, outW }: ConvGeometry, { side }: Tiling): number {
  return Math.ceil(outH / side) * Math.ceil(outW / side);
}

/** The tiling if Winograd serves the layer and its chunks fit in a workspace of `floats`. */
function tilingFor(geo: ConvGeometry, floats: number, tiling: Tiling): Tiling | null {
  return winogradServes(geo) && chunkTiles(geo.C, geo.k, tileCount(geo, tiling), floats, tiling.planes) > 0 ? tiling : null;
}

/** F(4x4) for the weight gradient only where it saves at least this many multiplies per filter and
 *  channel of an image (16 per tile of F(2x2) less 36 per tile of F(4x4)): its transforms gather
 *  the patches of tiles at the image's edges one by one, and at 14x14 and 7x7 (a saving of 208 and
 *  112) all of them lie at an edge. Measured on one thread, 512 -> 512, F(2x2) against F(4x4):
 *  at 28x28 (1,372) 117-122 ms against 78-88, at 14x14 32 against 47-49 (at batch 4, 130 against
 *  159), at 7x7 20-23 against 37-39; 256 -> 256 at 56x56 (5,488), 126-146 against 77-80. */
const F4_MIN_SAVING = 512;

/** The tiling the weight gradient runs in a workspace of `floats` (null: not Winograd): F(4x4)
 *  where it saves F4_MIN_SAVING and its chunks fit, else F(2x2) where its chunks do. */
function weightGradientTiling(geo: ConvGeometry, floats: number): Tiling | null {
  const products = (t: Tiling): number => t.planes * tileCount(geo, t);
  return (products(F2) - products(F4) >= F4_MIN_SAVING ? tilingFor(geo, floats, F4) : null) ?? tilingFor(geo, floats, F2);
}

/** weightGradientTiling's tile side (tests read which variant a layer runs). */
export function weightGradientTileSide(geo: ConvGeometry, floats: number): 2 | 4 | null {
  return weightGradientTiling(geo, floats)?.side ?? null;
}

/** V for tiles [t0, t0 + count) of the image at xAt (byte address). */
function inputTransform(geo: ConvGeometry, l: Layout, xAt: number, t0: number, count: number): void {
  const { C, H, W, wh } = geo;
  const op = l.tiling === F4 ? OP.winograd4Input : OP.winogradInput;
  parallel(l.rt, op, [xAt, C, H, W, wh.p, l.tilesW, t0, count, l.vAt], C, 1);
}

/** turned: the filters of `weight` [C, k, 3, 3] turned by 180 degrees with their channel axes
 *  swapped (the input gradient's), transformed as they lie, their planes permuted, and read
 *  transposed (kernels.as winogradFilter). */
function winograd(geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, turned: boolean, y: Float32Array, col: Float32Array): boolean {
  const l = layout(geo, col, [x, weight, y]);
  if (!l) return false;
  const { C, k, outH, outW } = geo;
  const [rows, cols] = turned ? [C, k] : [k, C]; // weight's own filters and channels
  parallel(l.rt, OP.winogradFilter, [weight.byteOffset, rows, cols, l.uAt, turned ? 1 : 0], rows, 1);
  const u = turned ? { data: col, off: 0, row: 1, col: k } : { data: col, off: 0, row: C, col: 1 };
  eachChunk(geo, l, batch, x, y, (xAt, yAt, t0, count) => {
    inputTransform(geo, l, xAt, t0, count);
    // M_e [k x P] = U_e [k x C] * V_e [C x P]
    wasmGemmBatch(16, k, count, C, u, k * C, { data: col, off: l.vOff, row: count, col: 1 }, C * count, col, l.mOff, count, k * count, false);
    parallel(l.rt, OP.winogradOutput, [l.mAt, k, l.tilesW, t0, count, outH, outW, yAt], k, 1);
  });
  return true;
}

/** Each chunk of tiles of each image in turn: the image's byte addresses in x [B, C, H, W] and in
 *  y [B, k, outH, outW], the chunk's first tile and its tiles. */
function eachChunk(
  geo: ConvGeometry, l: Layout, batch: number, x: Float32Array, y: Float32Array, chunk: (xAt: number, yAt: number, t0: number, count: number) => void,
): void {
  const { C, H, W, k, outH, outW } = geo;
  for (let n = 0; n < batch; n++) {
    const [xAt, yAt] = [x.byteOffset + n * C * H * W * 4, y.byteOffset + n * k * outH * outW * 4];
    for (let t0 = 0; t0 < l.tiles; t0 += l.chunk) chunk(xAt, yAt, t0, Math.min(l.chunk, l.tiles - t0));
  }
}

/**
 * dWeight += the weight gradient of conv(x, weight) for images [0, batch) of x and dy (fresh:
 * dWeight =), by the adjoint transforms (kernels.as winogradOutputAdjoint, winogradFilterAdjoint):
 * dU summed over every image's tiles, then one filter adjoint; false where Winograd does not serve
 * the layer. col is overwritten. With `final`, dWeight is the weight's final gradient, and the
 * weight takes its step filter by filter as the adjoint writes it (then final.step.done()).
 */
export function winogradWeightGradient(
  geo: ConvGeometry, batch: number, x: Float32Array, dy: Float32Array, dWeight: Float32Array, col: Float32Array, fresh = false,
  final: WeightStep | null = null,
): boolean {
  const l = layout(geo, col, [x, dy, dWeight], weightGradientTiling(geo, col.length));
  if (!l) return false;
  const { C, k, outH, outW } = geo;
  const { planes } = l.tiling;
  const f4 = l.tiling === F4;
  let first = true;
  eachChunk(geo, l, batch, x, dy, (xAt, dyAt, t0, count) => {
    inputTransform(geo, l, xAt, t0, count);
    parallel(l.rt, f4 ? OP.winograd4OutputAdjoint : OP.winogradOutputAdjoint, [dyAt, k, l.tilesW, t0, count, outH, outW, l.mAt], k, 1);
    // dU_e [k x C] (+)= dM_e [k x P] * V_e^T [P x C]: dU, summed over the chunks of every image,
    // is written by the first
    const dM = { data: col, off: l.mOff, row: count, col: 1 };
    const vT = { data: col, off: l.vOff, row: 1, col: count };
    wasmGemmBatch(planes, k, C, count, dM, k * count, vT, C * count, col, 0, C, k * C, !first);
    first = false;
  });
  const [kind, s0, s1, hp] = fusedStepArgs(l.rt, final, dWeight);
  const args = [l.uAt, k, C, dWeight.byteOffset, fresh ? 1 : 0, kind, final?.weight.byteOffset ?? 0, s0, s1, hp];
  parallel(l.rt, f4 ? OP.winograd4FilterAdjoint : OP.winogradFilterAdjoint, args, k, 1);
  if (kind >= 0) final!.step.done();
  return true;
}
