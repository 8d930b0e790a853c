// Kernels against direct loops (naive.ts) on seeded random small cases, and hand-computed cases.

import { describe, expect, it } from 'vitest';
import { activationForward } from '../../src/exec/kernels/activations.js';
import { convForward, convColumnElements, type ConvGeometry } from '../../src/exec/kernels/conv.js';
import { fcForward } from '../../src/exec/kernels/fc.js';
import { gemm, rowMajor, transposed } from '../../src/exec/kernels/gemm.js';
import { im2col, outSize, type Win } from '../../src/exec/kernels/im2col.js';
import { localForward } from '../../src/exec/kernels/local.js';
import { lrnForward } from '../../src/exec/kernels/lrn.js';
import { productBackward, productForward } from '../../src/exec/kernels/merge.js';
import { poolBackward, poolForward } from '../../src/exec/kernels/pool.js';
import { softmaxForward } from '../../src/exec/kernels/softmax.js';
import { expectClose, naiveConv, naiveOut, randomArray, type NaiveConv } from './naive.js';

const win = (f: number, s: number, p: number, d = 1, ceil = false): Win => ({ f, s, p, d, ceil });

function geometry(a: NaiveConv): ConvGeometry {
  const w = win(a.f, a.s, a.p, a.d);
  return { C: a.C, H: a.H, W: a.W, k: a.k, g: a.g, wh: w, ww: w, outH: outSize(a.H, w), outW: outSize(a.W, w) };
}

describe('gemm', () => {
  it.each([
    [1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 9, 300], [17, 1030, 13], [64, 70, 600],
  ])('M=%i N=%i K=%i, plain and transposed, matches the triple loop', (M, N, K) => {
    const a = randomArray(M * K, 1);
    const b = randomArray(K * N, 2);
    const want = new Float64Array(M * N);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let p = 0; p < K; p++) want[i * N + j] = want[i * N + j]! + a[i * K + p]! * b[p * N + j]!;
    const c = new Float32Array(M * N).fill(99);
    expect(gemm(M, N, K, rowMajor(a, 0, K), rowMajor(b, 0, N), c, 0, N, false)).toBe(M * N * K);
    expectClose(c, want);
    // A^T stored as [K x M], B^T stored as [N x K]
    const at = new Float32Array(K * M);
    const bt = new Float32Array(N * K);
    for (let i = 0; i < M; i++) for (let p = 0; p < K; p++) at[p * M + i] = a[i * K + p]!;
    for (let p = 0; p < K; p++) for (let j = 0; j < N; j++) bt[j * K + p] = b[p * N + j]!;
    const c2 = new Float32Array(M * N).fill(1);
    gemm(M, N, K, transposed(at, 0, M), transposed(bt, 0, K), c2, 0, N, true);
    expectClose(c2, Array.from(want, (v) => v + 1));
  });
});

describe('convolution (im2col + GEMM)', () => {
  it("the notes' example: 11x11x4 input, f=5, s=2 gives 4x4 and V[0,0,0] = sum(X[:5,:5,:]*W0) + b0", () => {
    const a: NaiveConv = { B: 1, C: 4, H: 11, W: 11, k: 2, f: 5, s: 2, p: 0, d: 1, g: 1 };
    const geo = geometry(a);
    expect([geo.outH, geo.outW]).toEqual([4, 4]);
    // X[x, y, d] in the notes is element (d, y, x) here (NCHW); W0[x, y, d] likewise.
    const X = (x: number, y: number, d: number): number => ((x * 7 + y * 3 + d * 5) % 11) - 5;
    const W0 = (x: number, y: number, d: number): number => ((x + 2 * y + 3 * d) % 4) - 1.5;
    const x = new Float32Array(4 * 11 * 11);
    const w = new Float32Array(2 * 4 * 25);
    for (let d = 0; d < 4; d++) for (let y = 0; y < 11; y++) for (let xx = 0; xx < 11; xx++) x[(d * 11 + y) * 11 + xx] = X(xx, y, d);
    for (let d = 0; d < 4; d++) for (let y = 0; y < 5; y++) for (let xx = 0; xx < 5; xx++) w[(d * 5 + y) * 5 + xx] = W0(xx, y, d);
    const bias = new Float32Array([0.25, 0]);
    const out = new Float32Array(2 * 16);
    const col = new Float32Array(convColumnElements(geo));
    expect(convForward(geo, 1, x, w, bias, out, col)).toBe(4 * 4 * 2 * 5 * 5 * 4);
    // V[0,0,0] = np.sum(X[:5,:5,:] * W0) + b0, written out
    let v000 = 0.25;
    for (let xx = 0; xx < 5; xx++) for (let y = 0; y < 5; y++) for (let d = 0; d < 4; d++) v000 += X(xx, y, d) * W0(xx, y, d);
    // V[1,0,0] = np.sum(X[2:7,:5,:] * W0) + b0 (a step of 2 along x)
    let v100 = 0.25;
    for (let xx = 0; xx < 5; xx++) for (let y = 0; y < 5; y++) for (let d = 0; d < 4; d++) v100 += X(xx + 2, y, d) * W0(xx, y, d);
    // V[3,3,0] = np.sum(X[6:11,6:11,:] * W0) + b0: the last window ends at the input's edge
    let v330 = 0.25;
    for (let xx = 0; xx < 5; xx++) for (let y = 0; y < 5; y++) for (let d = 0; d < 4; d++) v330 += X(xx + 6, y + 6, d) * W0(xx, y, d);
    expect(out[0]).toBeCloseTo(v000, 4);
    expect(out[1]).toBeCloseTo(v100, 4); // (y=0, x=1)
    expect(out[15]).toBeCloseTo(v330, 4);
    // the second filter has zero weights: its map is b1 = 0 everywhere
    expect(Array.from(out.subarray(16))).toEqual(new Array(16).fill(0));
  });

  it('im2col of the notes\' AlexNet conv1 is [363 x 3025]', () => {
    const a: NaiveConv = { B: 1, C: 3, H: 227, W: 227, k: 96, f: 11, s: 4, p: 0, d: 1, g: 1 };
    expect(convColumnElements(geometry(a))).toBe(363 * 3025);
  });

  const cases: NaiveConv[] = [
    { B: 2, C: 3, H: 7, W: 6, k: 4, f: 3, s: 1, p: 1, d: 1, g: 1 },
    { B: 1, C: 4, H: 9, W: 9, k: 6, f: 3, s: 2, p: 0, d: 1, g: 2 },
    { B: 2, C: 2, H: 8, W: 7, k: 3, f: 3, s: 1, p: 2, d: 2, g: 1 },
    { B: 1, C: 6, H: 5, W: 5, k: 6, f: 1, s: 1, p: 0, d: 1, g: 3 },
    { B: 3, C: 5, H: 11, W: 10, k: 7, f: 5, s: 3, p: 2, d: 1, g: 1 },
  ];
  it.each(cases)('matches the direct loop: %o', (a) => {
    const geo = geometry(a);
    expect([geo.outH, geo.outW]).toEqual([naiveOut(a.H, a.f, a.s, a.p, a.d), naiveOut(a.W, a.f, a.s, a.p, a.d)]);
    const x = randomArray(a.B * a.C * a.H * a.W, 3);
    const w = randomArray(a.k * (a.C / a.g) * a.f * a.f, 4);
    const bias = randomArray(a.k, 5);
    const y = new Float32Array(a.B * a.k * geo.outH * geo.outW);
    const macs = convForward(geo, a.B, x, w, bias, y, new Float32Array(convColumnElements(geo)));
    expect(macs).toBe(a.B * a.k * geo.outH * geo.outW * (a.C / a.g) * a.f * a.f);
    expectClose(y, naiveConv(a, x, w, bias));
  });
});

describe('LOCAL', () => {
  it('matches a direct loop with a different filter at every position', () => {
    const a: NaiveConv = { B: 2, C: 2, H: 6, W: 5, k: 3, f: 3, s: 1, p: 1, d: 1, g: 1 };
    const geo = geometry(a);
    const P = geo.outH * geo.outW;
    const Q = a.C * 9;
    const x = randomArray(a.B * a.C * a.H * a.W, 6);
    const w = randomArray(P * a.k * Q, 7);
    const bias = randomArray(a.k * P, 8);
    const y = new Float32Array(a.B * a.k * P);
    expect(localForward(geo, a.B, x, w, bias, y)).toBe(a.B * P * a.k * Q);
    // position p's filters through naiveConv with a one-filter-set weight, read at p only
    for (let p = 0; p < P; p++) {
      const ref = naiveConv(a, x, w.subarray(p * a.k * Q, (p + 1) * a.k * Q), null);
      for (let b = 0; b < a.B; b++) for (let o = 0; o < a.k; o++) {
        expect(y[(b * a.k + o) * P + p]).toBeCloseTo(ref[(b * a.k + o) * P + p]! + bias[o * P + p]!, 4);
      }
    }
  });
});

describe('pooling', () => {
  const x = new Float32Array([
    1, 2, 3, 4,
    5, 6, 7, 8,
    9, 10, 11, 12,
    13, 14, 15, -16,
  ]);
  const geo = (f: number, s: number, p: number, ceil = false) => {
    const w = win(f, s, p, 1, ceil);
    return { C: 1, H: 4, W: 4, wh: w, ww: w, outH: outSize(4, w), outW: outSize(4, w) };
  };
  it('max 2x2/2 by hand, with the argmax offsets', () => {
    const y = new Float32Array(4);
    const idx = new Int32Array(4);
    poolForward(geo(2, 2, 0), 'max', 1, x, y, idx);
    expect(Array.from(y)).toEqual([6, 8, 14, 15]);
    expect(Array.from(idx)).toEqual([5, 7, 13, 14]);
  });
  it('avg 3x3/2 with p=1 divides by 9, padded zeros included (count_include_pad)', () => {
    const g = geo(3, 2, 1);
    expect([g.outH, g.outW]).toEqual([2, 2]);
    const y = new Float32Array(4);
    poolForward(g, 'avg', 1, x, y, null);
    expect(y[0]).toBeCloseTo((1 + 2 + 5 + 6) / 9, 6);
    expect(y[3]).toBeCloseTo((6 + 7 + 8 + 10 + 11 + 12 + 14 + 15 - 16) / 9, 6);
  });
  it('max with padding never picks the padding (-infinity), even over negative inputs', () => {
    const neg = x.map((v) => -Math.abs(v) - 1);
    const g = geo(3, 2, 1);
    const y = new Float32Array(4);
    poolForward(g, 'max', 1, neg, y, null);
    expect(y[0]).toBe(-2); // max of -2, -3, -6, -7
  });
  it('l2 is the square root of the sum of squares (LPPool2d p=2)', () => {
    const y = new Float32Array(4);
    poolForward(geo(2, 2, 0), 'l2', 1, x, y, null);
    expect(y[0]).toBeCloseTo(Math.sqrt(1 + 4 + 25 + 36), 5);
  });
  it('ceil mode adds a last partial window; avg divides it by its size within the padded input', () => {
    const g = geo(3, 2, 0, true); // floor((4-3)/2)+1 = 1, ceil gives 2
    expect([g.outH, g.outW]).toEqual([2, 2]);
    const y = new Float32Array(4);
    poolForward(g, 'avg', 1, x, y, null);
    expect(y[3]).toBeCloseTo((11 + 12 + 15 - 16) / 4, 6); // window rows 2..3, cols 2..3 of the 4x4 input
    poolForward(g, 'max', 1, x, y, null);
    expect(y[3]).toBe(15);
  });
});

describe('l2 pooling with round=ceil, as PyTorch\'s LPPool2d', () => {
  // INPUT [5x5x1] => POOL(f=2, s=2, mode=l2, round=ceil) on 1..25 (row-major). LPPool2d is
  // sqrt(avg_pool2d(x^2, 2, 2, ceil_mode=True) * 2*2); on the last row avg_pool2d's windows start at
  // row 4 and end at min(4 + 2, 5) = 5, so its divisor is the part inside the input: 1 row x 2 columns,
  // and 1 x 1 at the corner. Hence sqrt(sum * 4/2) and sqrt(sum * 4/1) there.
  const w = win(2, 2, 0, 1, true);
  const geo = { C: 1, H: 5, W: 5, wh: w, ww: w, outH: outSize(5, w), outW: outSize(5, w) };
  const x = Float32Array.from({ length: 25 }, (_, i) => i + 1);
  it('gives 43.01, 47.01, 50 on the last row (not the bare 30.41, 33.24, 25)', () => {
    expect([geo.outH, geo.outW]).toEqual([3, 3]);
    const y = new Float32Array(9);
    poolForward(geo, 'l2', 1, x, y, null);
    expect(y[6]).toBeCloseTo(Math.sqrt((21 ** 2 + 22 ** 2) * 2), 4); // sqrt(925 * 2) = 43.01
    expect(y[7]).toBeCloseTo(Math.sqrt((23 ** 2 + 24 ** 2) * 2), 4); // sqrt(1105 * 2) = 47.01
    expect(y[8]).toBeCloseTo(Math.sqrt(25 ** 2 * 4), 4); // 50
    expect(y[2]).toBeCloseTo(Math.sqrt((5 ** 2 + 10 ** 2) * 2), 4); // last column: 1 column x 2 rows
    expect(y[0]).toBeCloseTo(Math.sqrt(1 + 4 + 36 + 49), 4); // a whole window: divisor 4, scale 1
    expect([y[6], y[7], y[8]].map((v) => Number(v!.toFixed(2)))).toEqual([43.01, 47.01, 50]);
  });
  it('backward: dy/dx = (f*f / divisor) x / y, so 2 at the corner 25 (y = 2|x| there)', () => {
    const y = new Float32Array(9);
    poolForward(geo, 'l2', 1, x, y, null);
    const dx = new Float32Array(25);
    poolBackward(geo, 'l2', 1, new Float32Array(9).fill(1), dx, null, x, y);
    expect(dx[24]).toBeCloseTo(2, 5);
    expect(dx[20]).toBeCloseTo((2 * 21) / Math.sqrt(1850), 5); // y = sqrt(2 (21^2 + 22^2))
    expect(dx[0]).toBeCloseTo(1 / Math.sqrt(90), 5); // whole window: x / y
  });
});

describe('FC', () => {
  it('matches W x + b with the input flattened in C,H,W order, 1 to 6 images', () => {
    for (const B of [1, 3, 4, 6]) {
      const inputs = 2 * 3 * 3;
      const n = 5;
      const x = randomArray(B * inputs, 9);
      const w = randomArray(n * inputs, 10);
      const bias = randomArray(n, 11);
      const y = new Float32Array(B * n);
      expect(fcForward(B, inputs, n, x, w, bias, y)).toBe(B * n * inputs);
      for (let b = 0; b < B; b++) for (let o = 0; o < n; o++) {
        let s = bias[o]!;
        for (let i = 0; i < inputs; i++) s += w[o * inputs + i]! * x[b * inputs + i]!;
        expect(y[b * n + o]).toBeCloseTo(s, 4);
      }
    }
  });
});

describe('element-wise and across channels', () => {
  it('relu, tanh, sigmoid by hand', () => {
    const x = new Float32Array([-2, 0, 0.5]);
    const y = new Float32Array(3);
    activationForward('relu', 3, x, y);
    expect(Array.from(y)).toEqual([0, 0, 0.5]);
    activationForward('tanh', 3, x, y);
    expect(y[0]).toBeCloseTo(Math.tanh(-2), 6);
    activationForward('sigmoid', 3, x, y);
    expect(y[2]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
  });
  it('softmax over depth at each position', () => {
    // 3 channels, 2 positions: position 0 has (1, 2, 3), position 1 has (0, 0, 0)
    const x = new Float32Array([1, 0, 2, 0, 3, 0]);
    const y = new Float32Array(6);
    softmaxForward(1, 3, 2, x, y);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(y[0]).toBeCloseTo(Math.exp(1) / z, 6);
    expect(y[4]).toBeCloseTo(Math.exp(3) / z, 6);
    expect(y[1]).toBeCloseTo(1 / 3, 6);
  });
  it('LRN as torch.nn.LocalResponseNorm: window c-2..c+2 for size 5, c-2..c+1 for size 4', () => {
    const C = 6;
    const x = new Float32Array([1, 2, 3, 4, 5, 6]); // 6 channels at one position
    const y = new Float32Array(C);
    const scale = new Float32Array(C);
    lrnForward({ size: 5, alpha: 0.1, beta: 0.75, k: 2 }, 1, C, 1, x, y, scale);
    // channel 0: 1 + 4 + 9 (channels 0..2); channel 3: 4 + 9 + 16 + 25 + 36 (1..5)
    expect(scale[0]).toBeCloseTo(2 + (0.1 / 5) * 14, 5);
    expect(y[3]).toBeCloseTo(4 / Math.pow(2 + (0.1 / 5) * 90, 0.75), 5);
    lrnForward({ size: 4, alpha: 0.1, beta: 0.75, k: 2 }, 1, C, 1, x, y, scale);
    // size 4: channels c-2 .. c+1; channel 3 sees 1..4: 4 + 9 + 16 + 25 = 54
    expect(scale[3]).toBeCloseTo(2 + (0.1 / 4) * 54, 5);
  });
  it('im2col pads with zeros and orders rows (c, ky, kx)', () => {
    const x = new Float32Array([1, 2, 3, 4]); // 1 channel 2x2
    const w = win(2, 1, 1);
    const out = outSize(2, w);
    expect(out).toBe(3);
    const col = new Float32Array(4 * 9).fill(7);
    im2col(x, 0, 1, 2, 2, w, w, 3, 3, col);
    // row (ky=0, kx=0): the window's top-left element at each of the 3x3 positions
    expect(Array.from(col.subarray(0, 9))).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
  });
});

describe('product ({ A & B }, a 1 x 1 x C factor broadcast)', () => {
  const [B, C, HW] = [2, 3, 37];
  const x = randomArray(B * C * HW, 11);
  const gate = randomArray(B * C, 12);
  const dy = randomArray(B * C * HW, 13);

  it("squeeze-and-excitation's x * gate and its gradients are the float64 products and sums, rounded", () => {
    const y = new Float32Array(B * C * HW);
    productForward(B, C, HW, [x, gate], [false, true], y);
    const [dx, dGate] = [new Float32Array(B * C * HW), new Float32Array(B * C).fill(7)]; // written, not added to
    productBackward(B, C, HW, [x, gate], [false, true], dy, [dx, dGate]);
    for (let nc = 0; nc < B * C; nc++) {
      let sum = 0;
      for (let p = nc * HW; p < (nc + 1) * HW; p++) {
        expect(y[p]).toBe(Math.fround(x[p]! * gate[nc]!));
        expect(dx[p]).toBe(Math.fround(dy[p]! * gate[nc]!));
        sum += dy[p]! * x[p]!;
      }
      expect(dGate[nc]).toBe(Math.fround(sum));
    }
  });

  it('three factors, two of them full: each gradient is dy times the other two', () => {
    const z = randomArray(B * C * HW, 14);
    const y = new Float32Array(B * C * HW);
    productForward(B, C, HW, [x, gate, z], [false, true, false], y);
    const grads = [new Float32Array(B * C * HW), new Float32Array(B * C), new Float32Array(B * C * HW)];
    productBackward(B, C, HW, [x, gate, z], [false, true, false], dy, grads);
    const at = (p: number): number => Math.floor(p / HW);
    expectClose(y, Array.from(y, (_, p) => x[p]! * gate[at(p)]! * z[p]!));
    expectClose(grads[0]!, Array.from(y, (_, p) => dy[p]! * gate[at(p)]! * z[p]!));
    expectClose(grads[2]!, Array.from(y, (_, p) => dy[p]! * gate[at(p)]! * x[p]!));
    const want = new Float64Array(B * C);
    for (let p = 0; p < B * C * HW; p++) want[at(p)] = want[at(p)]! + dy[p]! * x[p]! * z[p]!;
    expectClose(grads[1]!, want);
  });
});
