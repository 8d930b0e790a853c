// Matrix product C = A*B (+ C when accumulating) over Float32Array with arbitrary strides, so one
// routine serves the forward pass (W_row * X_col) and both transposed products of the backward.
// Element (i, p) of A is a[aOff + i*aRow + p*aCol]; (p, j) of B is b[bOff + p*bRow + j*bCol];
// (i, j) of C is c[cOff + i*ldc + j]. Speed (performance-notes.md): the operands are packed, a block
// of K at a time, into 4-wide panels that are read sequentially, and a 4x4 register-blocked
// micro-kernel keeps 16 sums in locals, so each step loads 8 numbers for 16 multiply-adds. The pack
// buffers grow once and are reused. Returns the multiply-accumulates done: M*N*K, the loop bounds.
// `gemm` runs the WebAssembly GEMM (wasm/gemm.ts) when all three operands lie in its memory, and
// this file's TypeScript one, the reference, otherwise.

import { wasmGemm } from '../wasm/gemm.js';

export interface Operand {
  readonly data: Float32Array;
  readonly off: number;
  /** Stride between rows and between columns. */
  readonly row: number;
  readonly col: number;
}

const KC = 512;
const NC = 512;
let packA: Float32Array = new Float32Array(0);
let packB: Float32Array = new Float32Array(0);

function grow(buf: Float32Array, n: number): Float32Array {
  return buf.length >= n ? buf : new Float32Array(n);
}

// A [M x kc] from column p0 -> panels of 4 rows: pa[(i/4)*kc*4 + p*4 + i%4]
function packRows(a: Operand, M: number, p0: number, kc: number, out: Float32Array): void {
  const { data, off, row, col } = a;
  let o = 0;
  for (let i0 = 0; i0 < M; i0 += 4) {
    const rows = Math.min(4, M - i0);
    for (let p = 0; p < kc; p++) {
      const base = off + (p0 + p) * col + i0 * row;
      for (let r = 0; r < 4; r++) out[o++] = r < rows ? data[base + r * row]! : 0;
    }
  }
}

// B [kc x nc] from (p0, j0) -> panels of 4 columns: pb[(j/4)*kc*4 + p*4 + j%4]
function packCols(b: Operand, p0: number, kc: number, j0: number, nc: number, out: Float32Array): void {
  const { data, off, row, col } = b;
  let o = 0;
  for (let j = 0; j < nc; j += 4) {
    const cols = Math.min(4, nc - j);
    for (let p = 0; p < kc; p++) {
      const base = off + (p0 + p) * row + (j0 + j) * col;
      if (cols === 4 && col === 1) {
        out[o] = data[base]!;
        out[o + 1] = data[base + 1]!;
        out[o + 2] = data[base + 2]!;
        out[o + 3] = data[base + 3]!;
        o += 4;
      } else {
        for (let r = 0; r < 4; r++) out[o++] = r < cols ? data[base + r * col]! : 0;
      }
    }
  }
}

// C[M x N] (+)= A[M x K] * B[K x N]
export function gemm(
  M: number, N: number, K: number, a: Operand, b: Operand,
  c: Float32Array, cOff: number, ldc: number, accumulate: boolean,
): number {
  if (wasmGemm(M, N, K, a, b, c, cOff, ldc, accumulate)) return M * N * K;
  return gemmReference(M, N, K, a, b, c, cOff, ldc, accumulate);
}

/** The TypeScript GEMM, whatever memory the operands are in. */
export function gemmReference(
  M: number, N: number, K: number, a: Operand, b: Operand,
  c: Float32Array, cOff: number, ldc: number, accumulate: boolean,
): number {
  if (!accumulate) for (let i = 0; i < M; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + N);
  if (M === 0 || N === 0 || K === 0) return 0;
  const mPad = Math.ceil(M / 4) * 4;
  packA = grow(packA, mPad * Math.min(K, KC));
  packB = grow(packB, Math.min(Math.ceil(N / 4) * 4, NC) * Math.min(K, KC));
  const pa = packA;
  const pb = packB;
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = Math.min(KC, K - p0);
    packRows(a, M, p0, kc, pa);
    for (let j0 = 0; j0 < N; j0 += NC) {
      const nc = Math.min(NC, N - j0);
      packCols(b, p0, kc, j0, nc, pb);
      for (let i0 = 0; i0 < M; i0 += 4) {
        const aBase = (i0 >> 2) * kc * 4;
        const rows = Math.min(4, M - i0);
        for (let jj = 0; jj < nc; jj += 4) {
          micro(pa, aBase, pb, (jj >> 2) * kc * 4, kc, c, cOff + i0 * ldc + j0 + jj, ldc, rows, Math.min(4, nc - jj));
        }
      }
    }
  }
  return M * N * K;
}

function micro(
  pa: Float32Array, ai: number, pb: Float32Array, bi: number, kc: number,
  c: Float32Array, co: number, ldc: number, rows: number, cols: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ai + kc * 4;
  for (; ai < end; ai += 4, bi += 4) {
    const a0 = pa[ai]!, a1 = pa[ai + 1]!, a2 = pa[ai + 2]!, a3 = pa[ai + 3]!;
    const b0 = pb[bi]!, b1 = pb[bi + 1]!, b2 = pb[bi + 2]!, b3 = pb[bi + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (rows === 4 && cols === 4) {
    let o = co;
    c[o] = c[o]! + c00; c[o + 1] = c[o + 1]! + c01; c[o + 2] = c[o + 2]! + c02; c[o + 3] = c[o + 3]! + c03;
    o += ldc;
    c[o] = c[o]! + c10; c[o + 1] = c[o + 1]! + c11; c[o + 2] = c[o + 2]! + c12; c[o + 3] = c[o + 3]! + c13;
    o += ldc;
    c[o] = c[o]! + c20; c[o + 1] = c[o + 1]! + c21; c[o + 2] = c[o + 2]! + c22; c[o + 3] = c[o + 3]! + c23;
    o += ldc;
    c[o] = c[o]! + c30; c[o + 1] = c[o + 1]! + c31; c[o + 2] = c[o + 2]! + c32; c[o + 3] = c[o + 3]! + c33;
    return;
  }
  const sums = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) c[co + r * ldc + q] = c[co + r * ldc + q]! + sums[r * 4 + q]!;
  }
}

/** A row-major matrix with leading dimension ld, or its transpose. */
export function rowMajor(data: Float32Array, off: number, ld: number): Operand {
  return { data, off, row: ld, col: 1 };
}
export function transposed(data: Float32Array, off: number, ld: number): Operand {
  return { data, off, row: 1, col: ld };
}
