// Batch normalisation in WebAssembly (kernels.as bnForward, bnBackward) where every tensor lives in
// the shared memory, split between the threads by channel; false elsewhere, and the caller runs the
// TypeScript kernels (kernels/bn.ts, the reference: the same formulas in float64, rounded to
// float32 at each store; only the statistics' sums run in another order).

import { OP, parallel } from '../threads/pool.js';
import { owned, SERIAL_ELEMENTS } from './elementwise.js';

const channelAlign = (batch: number, C: number, HW: number): number => (batch * C * HW < SERIAL_ELEMENTS ? C : 1);

// x [B, C, HW], gamma, beta, runMean, runVar [C] -> y [B, C, HW]; training updates the running statistics
export function wasmBnForward(
  train: boolean, batch: number, C: number, HW: number, x: Float32Array, gamma: Float32Array, beta: Float32Array,
  runMean: Float32Array, runVar: Float32Array, y: Float32Array, eps: number,
): boolean {
  const rt = owned(x, gamma, beta, runMean, runVar, y);
  if (!rt) return false;
  rt.floats[0] = eps;
  const args = [x.byteOffset, y.byteOffset, gamma.byteOffset, beta.byteOffset, runMean.byteOffset, runVar.byteOffset, batch, C, HW, train ? 1 : 0, rt.floats.byteOffset];
  parallel(rt, OP.bnForward, args, C, channelAlign(batch, C, HW));
  return true;
}

// x, dy [B, C, HW] -> dGamma, dBeta accumulated; dx [B, C, HW] or null (training statistics)
export function wasmBnBackward(
  batch: number, C: number, HW: number, x: Float32Array, gamma: Float32Array, dy: Float32Array,
  dGamma: Float32Array, dBeta: Float32Array, dx: Float32Array | null, eps: number,
): boolean {
  const rt = owned(x, gamma, dy, dGamma, dBeta, ...(dx ? [dx] : []));
  if (!rt) return false;
  rt.floats[0] = eps;
  const args = [x.byteOffset, gamma.byteOffset, dy.byteOffset, dGamma.byteOffset, dBeta.byteOffset, dx?.byteOffset ?? 0, batch, C, HW, rt.floats.byteOffset];
  parallel(rt, OP.bnBackward, args, C, channelAlign(batch, C, HW));
  return true;
}
