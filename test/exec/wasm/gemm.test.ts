// The WebAssembly GEMM against the TypeScript reference (kernels/gemm.ts gemmReference) on random
// shapes and strides (fast-check): plain and transposed operands, offsets, accumulation, edges of
// the 4x8 tile and of the KC/MC/NC blocks, and the dot-product and row-sum paths (A rows by B^T,
// and by B: M <= 4). Tolerance: helpers.ts expectWithinRounding.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemm, gemmReference, type Operand } from '../../../src/exec/kernels/gemm.js';
import { wasmRuntime } from '../../../src/exec/wasm/runtime.js';
import { randomArray } from '../naive.js';
import { expectWithinRounding, inWasm } from './helpers.js';

interface Case {
  M: number; N: number; K: number; ta: boolean; tb: boolean; off: number; accumulate: boolean; seed: number;
}

// |A| * |B| + |C0| per element (the sum of the magnitudes of every term of C's sum), in float64
function magnitudes(c: Case, a: Float32Array, b: Float32Array, c0: Float32Array, at: (m: Float32Array, i: number, p: number, t: boolean, ld: number) => number): Float64Array {
  const { M, N, K, ta, tb, accumulate } = c;
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = accumulate ? Math.abs(c0[i * N + j]!) : 0;
      for (let p = 0; p < K; p++) s += Math.abs(at(a, i, p, ta, ta ? M : K) * at(b, p, j, tb, tb ? K : N));
      out[i * N + j] = s;
    }
  }
  return out;
}

function operand(data: Float32Array, off: number, ld: number, t: boolean): Operand {
  return t ? { data, off, row: 1, col: ld } : { data, off, row: ld, col: 1 };
}

function check(c: Case): void {
  const { M, N, K, ta, tb, off, accumulate, seed } = c;
  const a = randomArray(off + M * K, seed);
  const b = randomArray(off + K * N, seed + 1);
  const c0 = randomArray(off + M * N, seed + 2);
  const want = c0.slice();
  gemmReference(M, N, K, operand(a, off, ta ? M : K, ta), operand(b, off, tb ? K : N, tb), want, off, N, accumulate);
  const wa = inWasm(a);
  const wb = inWasm(b);
  const got = inWasm(c0);
  expect(gemm(M, N, K, operand(wa, off, ta ? M : K, ta), operand(wb, off, tb ? K : N, tb), got, off, N, accumulate)).toBe(M * N * K);
  const at = (m: Float32Array, i: number, p: number, t: boolean, ld: number): number => m[off + (t ? p * ld + i : i * ld + p)]!;
  expectWithinRounding(got.subarray(off), want.subarray(off), magnitudes(c, a, b, c0.subarray(off), at), K + 1);
  expect(Array.from(got.subarray(0, off))).toEqual(Array.from(c0.subarray(0, off)));
}

describe('WebAssembly GEMM', () => {
  it('runs here (Node 20 has 128-bit SIMD)', () => {
    expect(wasmRuntime()).not.toBeNull();
  });

  it('matches the TypeScript GEMM on random shapes, strides and offsets', () => {
    const dim = fc.integer({ min: 1, max: 40 });
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 0, max: 300 }), fc.boolean(), fc.boolean(), fc.nat(5), fc.boolean(), fc.nat(1000),
        (M, N, K, ta, tb, off, accumulate, seed) => check({ M, N, K, ta, tb, off, accumulate, seed })),
      { seed: 13, numRuns: 150 },
    );
  });

  it.each([
    [130, 9, 513], [5, 1030, 257], [129, 1025, 40], [1, 2000, 700], [3, 37, 1031], [64, 64, 0],
  ])('matches it across the blocking edges: M=%i N=%i K=%i', (M, N, K) => {
    for (const [ta, tb] of [[false, false], [true, true], [false, true]] as const) check({ M, N, K, ta, tb, off: 3, accumulate: true, seed: M + N + K });
  });

  // An FC layer's forward at a small batch (A's rows by B^T: dot products) sweeps x once for four
  // columns where four remain and for two otherwise; each column's sum runs in one order either
  // way, so its bits do not depend on the columns computed beside it (nor on the threads' split).
  it.each([[1, 1027], [2, 64], [4, 301]])('gives a dot product the same bits four or fewer at a time: M=%i K=%i', (M, K) => {
    const x = inWasm(randomArray(M * K, K));
    const w = inWasm(randomArray(8 * K, K + 1));
    const columns = (N: number): Float32Array => {
      const y = inWasm(new Float32Array(M * N));
      gemm(M, N, K, operand(x, 0, K, false), operand(w, 0, K, true), y, 0, N, false);
      return y;
    };
    const four = columns(8);
    for (const N of [1, 2, 3]) {
      const few = columns(N);
      for (let i = 0; i < M; i++) expect(Array.from(four.subarray(i * 8, i * 8 + N))).toEqual(Array.from(few.subarray(i * N, i * N + N)));
    }
  });
});
