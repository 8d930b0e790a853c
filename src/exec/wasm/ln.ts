// Layer normalisation in WebAssembly (kernels.as lnForward, lnBackwardInput, lnBackwardParams)
// where every tensor lives in the shared memory: the positions split between the threads (the
// parameters' gradients by channel); false elsewhere, and the caller runs the TypeScript kernels
// (kernels/ln.ts, the reference, whose bits these give: the same float64 operations, each sum in
// the same order).

import { OP, parallel } from '../threads/pool.js';
import { owned, SERIAL_ELEMENTS } from './elementwise.js';

/** Positions in runs of four (a SIMD step), all on this thread for a small pass. */
const positionAlign = (positions: number, C: number): number => (positions * C < SERIAL_ELEMENTS ? positions : 4);

// x [B, C, HW] -> y [B, C, HW]; mean, rstd [B, HW] written where given (both or neither)
export function wasmLnForward(
  eps: number, batch: number, C: number, HW: number, x: Float32Array, weight: Float32Array, bias: Float32Array,
  y: Float32Array, mean: Float32Array | null, rstd: Float32Array | null,
): boolean {
  const rt = owned(x, weight, bias, y, ...(mean && rstd ? [mean, rstd] : []));
  if (!rt || (mean === null) !== (rstd === null)) return false;
  rt.floats[0] = eps;
  const args = [x.byteOffset, weight.byteOffset, bias.byteOffset, y.byteOffset, mean?.byteOffset ?? 0, rstd?.byteOffset ?? 0, C, HW, rt.floats.byteOffset];
  parallel(rt, OP.lnForward, args, batch * HW, positionAlign(batch * HW, C));
  return true;
}

// x, dy [B, C, HW], mean, rstd [B, HW] -> dWeight, dBias [C] accumulated; dx [B, C, HW] or null
export function wasmLnBackward(
  batch: number, C: number, HW: number, x: Float32Array, weight: Float32Array, mean: Float32Array, rstd: Float32Array,
  dy: Float32Array, dWeight: Float32Array, dBias: Float32Array, dx: Float32Array | null,
): boolean {
  const rt = owned(x, weight, mean, rstd, dy, dWeight, dBias, ...(dx ? [dx] : []));
  if (!rt) return false;
  const params = [x.byteOffset, mean.byteOffset, rstd.byteOffset, dy.byteOffset, dWeight.byteOffset, dBias.byteOffset, batch, C, HW];
  parallel(rt, OP.lnBackwardParams, params, C, batch * C * HW < SERIAL_ELEMENTS ? C : 1);
  if (dx) {
    const args = [x.byteOffset, weight.byteOffset, mean.byteOffset, rstd.byteOffset, dy.byteOffset, dx.byteOffset, C, HW];
    parallel(rt, OP.lnBackwardInput, args, batch * HW, positionAlign(batch * HW, C));
  }
  return true;
}
