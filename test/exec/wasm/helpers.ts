// Shared by the WebAssembly kernel tests: tensors placed in the backend's memory (where the kernels
// run the WebAssembly code; plain arrays run the TypeScript reference), and the tolerance.

import { expect } from 'vitest';
import { wasmRuntime } from '../../../src/exec/wasm/runtime.js';

/** A copy of `values` in the wasm arena. */
export function inWasm(values: ArrayLike<number>): Float32Array {
  const view = wasmRuntime()!.arena.f32(values.length)!;
  view.set(values);
  return view;
}

const U = 2 ** -24; // fp32 unit roundoff

/**
 * Two fp32 sums of the same n products in different orders each lie within gamma_n * sum|terms|
 * of the exact sum (Higham, Accuracy and Stability, 3.1: gamma_n = n*u/(1 - n*u)), so they differ
 * by at most twice that; `scale[i]` is element i's sum of |terms| and n its number of terms.
 */
export function expectWithinRounding(actual: ArrayLike<number>, reference: ArrayLike<number>, scale: ArrayLike<number>, n: number): void {
  expect(actual.length).toBe(reference.length);
  const gamma = (n * U) / (1 - n * U);
  for (let i = 0; i < actual.length; i++) {
    const bound = 2 * gamma * scale[i]! + 1e-30;
    const diff = Math.abs(actual[i]! - reference[i]!);
    if (!(diff <= bound)) expect.fail(`element ${i}: ${actual[i]} vs reference ${reference[i]}, off by ${diff} > ${bound}`);
  }
}

/** Bit for bit, a float32 (or int32) tensor against the reference's; with `anyNaN`, a NaN the
 *  arithmetic made (inf - inf) may have either sign, as the processor's default NaN and
 *  JavaScript's differ there, and must be NaN on both sides. `name` heads the message. */
export function expectSameBits(actual: Float32Array | Int32Array, reference: Float32Array | Int32Array, anyNaN = false, name = 'element'): void {
  expect(actual.length).toBe(reference.length);
  const a = new Int32Array(actual.buffer, actual.byteOffset, actual.length);
  const r = new Int32Array(reference.buffer, reference.byteOffset, reference.length);
  for (let i = 0; i < a.length; i++) {
    if (anyNaN && Number.isNaN(actual[i]) && Number.isNaN(reference[i])) continue;
    if (a[i] !== r[i]) expect.fail(`${name} ${i}: ${actual[i]} (bits ${a[i]}) vs reference ${reference[i]} (bits ${r[i]})`);
  }
}
