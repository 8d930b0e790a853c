// The WebAssembly GEMM and im2col/col2im behind the TypeScript kernels' own signatures: each runs
// when every tensor it touches lies in the arena's memory (the Tracker puts them there) and returns
// false otherwise, so the caller runs the reference TypeScript kernel instead. Work is split across
// threads (threads/pool.ts): a GEMM by columns of C in multiples of the 8-column panel, im2col and
// col2im by channels (each channel's rows, or its plane of dx, belong to one thread). An FC layer's
// forward product at a small batch runs as dot products (kernels.as gemmDots), and its input
// gradient (or any product of a few rows by a B with contiguous rows) as sums of B's rows
// (gemmRows), packing nothing; with its weight gradient too, both in one pass over the weight
// (fcBackward), which can take the weight's optimizer step in the same pass. A convolution's bias is added, and its gradient summed, four at a time. Winograd's sixteen products (of
// each pass) run as one batch split by product (gemmBatch).

import { OP, parallel } from '../threads/pool.js';
import type { Operand } from '../kernels/gemm.js';
import type { Win } from '../kernels/im2col.js';
import { wasmRuntime } from './runtime.js';
import { fusedStepArgs, type FusedStep } from './optimize.js';

/** Below this many multiply-accumulates a product is not worth waking the other threads for. */
const SERIAL_MACS = 1 << 18;
/** Up to this many rows of C, a product of rows by contiguous columns runs as dot products. */
const DOT_ROWS = 4;

const address = (data: Float32Array, off: number): number => data.byteOffset + off * 4;

export function wasmGemm(
  M: number, N: number, K: number, a: Operand, b: Operand,
  c: Float32Array, cOff: number, ldc: number, accumulate: boolean,
): boolean {
  const rt = wasmRuntime();
  if (!rt || !rt.arena.owns(a.data) || !rt.arena.owns(b.data) || !rt.arena.owns(c)) return false;
  const [pa, pb, pc, acc] = [address(a.data, a.off), address(b.data, b.off), address(c, cOff), accumulate ? 1 : 0];
  const few = M <= DOT_ROWS;
  const [op, args] = few && a.col === 1 && b.row === 1 ? [OP.gemmDots, [M, N, K, pa, a.row, pb, b.col, pc, ldc, acc]]
    : few && b.col === 1 ? [OP.gemmRows, [M, N, K, pa, a.row, a.col, pb, b.row, pc, ldc, acc]]
      : [OP.gemm, [M, N, K, pa, a.row, a.col, pb, b.row, b.col, pc, ldc, acc]];
  parallel(rt, op, args, N, M * N * K < SERIAL_MACS ? N : op === OP.gemm ? 8 : 4); // align N: one range, this thread's
  return true;
}

/** Products e of `count` of one shape (operand e at off + e * stride floats), split by product;
 *  every operand in the arena (its caller, wasm/winograd.ts, has checked). C is written, or added
 *  to where accumulating. */
export function wasmGemmBatch(
  count: number, M: number, N: number, K: number, a: Operand, aStride: number, b: Operand, bStride: number,
  c: Float32Array, cOff: number, ldc: number, cStride: number, accumulate: boolean,
): void {
  const rt = wasmRuntime()!;
  const args = [M, N, K, address(a.data, a.off), a.row, a.col, aStride, address(b.data, b.off), b.row, b.col, bStride, address(c, cOff), ldc, cStride, accumulate ? 1 : 0];
  parallel(rt, OP.gemmBatch, args, count, count * M * N * K < SERIAL_MACS ? count : 1);
}

/** fresh: dW is written, not added to. finite: x and W hold no NaN nor infinity. */
export interface FcGradients {
  readonly fresh: boolean;
  readonly finite: boolean;
}

/**
 * An FC layer's backward at up to DOT_ROWS images in one sweep over W (kernels.as fcBackward):
 * dW [n x in] (+)= dY^T X (fresh: written) and dX [B x in] = dY W, split by columns of in; with
 * `step`, W's optimizer step in the same sweep, once each element's gradient is stored (then
 * step.done()). Fresh and finite, with no step or SGD's, a row of W whose dy is zero in every
 * image is not read (kernels.as skipsSilentRows): after ReLU and dropout that is most of them
 * (VGG16's FC-4096 at batch 1: 3,068 of 4,096). False where it does not apply.
 */
export function wasmFcBackward(
  batch: number, inputs: number, n: number, x: Float32Array, dy: Float32Array, weight: Float32Array, dWeight: Float32Array,
  dx: Float32Array, { fresh, finite }: FcGradients, step: FusedStep | null,
): boolean {
  const rt = wasmRuntime();
  if (!rt || batch > DOT_ROWS || ![x, dy, weight, dWeight, dx].every((t) => rt.arena.owns(t))) return false;
  const stepArgs = fusedStepArgs(rt, step && { weight, step }, dWeight);
  const args = [batch, n, inputs, x.byteOffset, dy.byteOffset, weight.byteOffset, dWeight.byteOffset, dx.byteOffset];
  args.push(fresh ? 1 : 0, ...stepArgs, finite ? 1 : 0);
  parallel(rt, OP.fcBackward, args, inputs, 2 * batch * n * inputs < SERIAL_MACS ? inputs : 16);
  if (stepArgs[0] >= 0) step!.done();
  return true;
}

function windowArgs(C: number, H: number, W: number, wh: Win, ww: Win, outH: number, outW: number): number[] {
  return [C, H, W, wh.f, wh.s, wh.p, wh.d, ww.f, ww.s, ww.p, ww.d, outH, outW];
}

// x [C, H, W] at xOff -> col [C*wh.f*ww.f, outH*outW]
export function wasmIm2col(
  x: Float32Array, xOff: number, C: number, H: number, W: number,
  wh: Win, ww: Win, outH: number, outW: number, col: Float32Array,
): boolean {
  const rt = wasmRuntime();
  if (!rt || !rt.arena.owns(x) || !rt.arena.owns(col)) return false;
  parallel(rt, OP.im2col, [address(x, xOff), ...windowArgs(C, H, W, wh, ww, outH, outW), address(col, 0)], C, 1);
  return true;
}

// col [C*wh.f*ww.f, outH*outW] -> dx [C, H, W] at dxOff, accumulated
export function wasmCol2im(
  col: Float32Array, C: number, H: number, W: number,
  wh: Win, ww: Win, outH: number, outW: number, dx: Float32Array, dxOff: number,
): boolean {
  const rt = wasmRuntime();
  if (!rt || !rt.arena.owns(col) || !rt.arena.owns(dx)) return false;
  parallel(rt, OP.col2im, [address(col, 0), ...windowArgs(C, H, W, wh, ww, outH, outW), address(dx, dxOff)], C, 1);
  return true;
}

// y [k, N] at yOff: y[o, :] += bias[o]
export function wasmAddBias(y: Float32Array, bias: Float32Array, k: number, N: number, yOff: number): boolean {
  const rt = wasmRuntime();
  if (!rt || !rt.arena.owns(y) || !rt.arena.owns(bias)) return false;
  parallel(rt, OP.addBias, [address(y, yOff), address(bias, 0), N], k, k * N < SERIAL_MACS ? k : 1);
  return true;
}

// dBias[o] += the sum of dy[o, :] over the map [k, N] at yOff
export function wasmBiasGradient(dBias: Float32Array, dy: Float32Array, k: number, N: number, yOff: number): boolean {
  const rt = wasmRuntime();
  if (!rt || !rt.arena.owns(dy) || !rt.arena.owns(dBias)) return false;
  parallel(rt, OP.biasGradient, [address(dy, yOff), address(dBias, 0), N], k, k * N < SERIAL_MACS ? k : 1);
  return true;
}
