// CONV, CONVT and FC with their tensors in wasm memory (the WebAssembly GEMM, im2col and col2im)
// against the same kernels on plain arrays (the TypeScript reference), forward and backward, on
// random shapes (fast-check), on one thread and on two (Node worker threads over the shared memory).
// Tolerance: helpers.ts expectWithinRounding, each element's scale the same kernel run on the
// operands' absolute values (the sum of |terms|), n the longest sum (K, or the batch's positions).
// 3x3 stride-1 layers of 8 or more channels run by Winograd in wasm memory; winograd.test.ts holds
// them to that method's own bound, and they meet this tighter direct one here too.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../../src/cli/threads-node.js';
import { biasGradient } from '../../../src/exec/kernels/channel-bias.js';
import { convBackward, convForward, type ConvGeometry } from '../../../src/exec/kernels/conv.js';
import { fcBackward, fcForward } from '../../../src/exec/kernels/fc.js';
import { gemm, rowMajor, transposed } from '../../../src/exec/kernels/gemm.js';
import { wasmFcBackward } from '../../../src/exec/wasm/gemm.js';
import { outSize, type Win } from '../../../src/exec/kernels/im2col.js';
import { configureThreads, threadCount } from '../../../src/exec/threads/pool.js';
import { randomArray } from '../naive.js';
import { expectWithinRounding, inWasm } from './helpers.js';

type Buffers = Record<string, Float32Array>;
const abs = (b: Buffers): Buffers => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.map(Math.abs)]));
const wasm = (b: Buffers): Buffers => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, inWasm(v)]));

/** Runs `kernel` on plain arrays, on wasm copies, and on absolute values; compares every output. */
function compare(inputs: Buffers, outputs: readonly string[], n: number, kernel: (b: Buffers) => void): void {
  const ref = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.slice()]));
  const got = wasm(inputs);
  const scale = abs(inputs);
  kernel(ref);
  kernel(got);
  kernel(scale);
  for (const o of outputs) expectWithinRounding(got[o]!, ref[o]!, scale[o]!, n);
}

interface ConvCase {
  B: number; cg: number; kg: number; g: number; H: number; W: number; f: number; s: number; p: number; d: number; seed: number;
  /** The window along the width where it differs from the height's (f, s, p). */
  fw?: number; sw?: number; pw?: number;
}

/** Depthwise layers (a group per channel, one filter each: wasm/depthwise.ts), windows of their own
 *  along each side, rows long enough for the four-lane loops and their stride-2 ends. */
const fits = (size: number, f: number, p: number, d: number): boolean => size + 2 * p >= d * (f - 1) + 1 && p < d * (f - 1) + 1;
const depthwiseCase: fc.Arbitrary<ConvCase> = fc.record({
  B: fc.integer({ min: 1, max: 2 }), cg: fc.constant(1), kg: fc.constant(1), g: fc.integer({ min: 1, max: 12 }),
  H: fc.integer({ min: 1, max: 9 }), W: fc.integer({ min: 1, max: 30 }), f: fc.integer({ min: 1, max: 5 }), fw: fc.integer({ min: 1, max: 5 }),
  s: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 2 }), pw: fc.integer({ min: 0, max: 2 }),
  d: fc.integer({ min: 1, max: 2 }), seed: fc.nat(1000),
}).filter((c) => fits(c.H, c.f, c.p, c.d) && fits(c.W, c.fw, c.pw, c.d));

const convCase: fc.Arbitrary<ConvCase> = fc.record({
  B: fc.integer({ min: 1, max: 2 }), cg: fc.integer({ min: 1, max: 5 }), kg: fc.integer({ min: 1, max: 9 }), g: fc.integer({ min: 1, max: 2 }),
  H: fc.integer({ min: 1, max: 12 }), W: fc.integer({ min: 1, max: 12 }), f: fc.integer({ min: 1, max: 4 }),
  s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 2 }), seed: fc.nat(1000),
}).filter((c) => c.H + 2 * c.p >= c.d * (c.f - 1) + 1 && c.W + 2 * c.p >= c.d * (c.f - 1) + 1 && c.p < c.d * (c.f - 1) + 1);

function checkConv(c: ConvCase): void {
  const win: Win = { f: c.f, s: c.s, p: c.p, d: c.d, ceil: false };
  const winW: Win = { f: c.fw ?? c.f, s: c.sw ?? c.s, p: c.pw ?? c.p, d: c.d, ceil: false };
  const C = c.cg * c.g;
  const k = c.kg * c.g;
  const geo: ConvGeometry = { C, H: c.H, W: c.W, k, g: c.g, wh: win, ww: winW, outH: outSize(c.H, win), outW: outSize(c.W, winW) };
  const N = geo.outH * geo.outW;
  const Kg = c.cg * win.f * winW.f;
  const buffers = {
    x: randomArray(c.B * C * c.H * c.W, c.seed), w: randomArray(k * Kg, c.seed + 1), bias: randomArray(k, c.seed + 2),
    y: new Float32Array(c.B * k * N), col: new Float32Array(C * win.f * winW.f * N),
  };
  compare(buffers, ['y'], Kg + 1, (b) => convForward(geo, c.B, b.x!, b.w!, b.bias!, b.y!, b.col!));
  const back = {
    x: buffers.x, w: buffers.w, dy: randomArray(c.B * k * N, c.seed + 3), dw: randomArray(k * Kg, c.seed + 4),
    db: new Float32Array(k), dx: new Float32Array(c.B * C * c.H * c.W), col: buffers.col,
  };
  compare(back, ['dw', 'db', 'dx'], Math.max(c.B * N + 1, c.kg * win.f * winW.f), (b) => convBackward(geo, c.B, b.x!, b.w!, b.dy!, b.dw!, b.db!, b.dx!, b.col!));
}

function checkFc(B: number, inputs: number, n: number, seed: number): void {
  const f = { x: randomArray(B * inputs, seed), w: randomArray(n * inputs, seed + 1), bias: randomArray(n, seed + 2), y: new Float32Array(B * n) };
  compare(f, ['y'], inputs + 1, (b) => fcForward(B, inputs, n, b.x!, b.w!, b.bias!, b.y!));
  const back = { x: f.x, w: f.w, dy: randomArray(B * n, seed + 3), dw: randomArray(n * inputs, seed + 4), db: randomArray(n, seed + 5), dx: new Float32Array(B * inputs) };
  compare(back, ['dw', 'db', 'dx'], Math.max(B + 1, n), (b) => fcBackward(B, inputs, n, b.x!, b.w!, b.dy!, b.dw!, b.db!, b.dx!));
}

/** dy [B, n] with silent rows (zero in every image, as +0 or -0, as after ReLU and dropout) in
 *  runs of different lengths, and rows zero in image 0 alone (silent only at one image). */
function outputGradient(B: number, n: number, seed: number): Float32Array {
  const dy = randomArray(B * n, seed);
  for (let o = 0; o < n; o++) {
    const silent = o % 7 < 3 || o % 11 === 5;
    for (let b = 0; b < B; b++) if (silent || (b === 0 && o % 5 === 4)) dy[b * n + o] = (o + b) % 2 === 0 ? 0 : -0;
  }
  return dy;
}

it("FC's one-sweep backward gives the two wasm GEMMs' bits (dW, fresh or added to; dx), skipping silent rows or not, on 1 and 2 threads", () => {
  const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
  for (const threads of [1, 2]) {
    configureThreads(nodeThreads(threads));
    for (const [B, inputs, n] of [[1, 3001, 517], [2, 1027, 13], [3, 2050, 65], [4, 1027, 13], [1, 16_384 + 37, 9], [1, 37, 5]] as const) {
      for (const [fresh, finite] of [[true, false], [false, false], [true, true], [false, true]] as const) {
        const [x, dy, w] = [inWasm(randomArray(B * inputs, 1)), inWasm(outputGradient(B, n, 2)), inWasm(randomArray(n * inputs, 3))];
        const dw0 = randomArray(n * inputs, 4);
        const [dwA, dwB] = [inWasm(dw0), inWasm(dw0)];
        const [dxA, dxB] = [inWasm(new Float32Array(B * inputs)), inWasm(new Float32Array(B * inputs))];
        expect(wasmFcBackward(B, inputs, n, x, dy, w, dwA, dxA, { fresh, finite }, null)).toBe(true);
        gemm(n, inputs, B, transposed(dy, 0, n), rowMajor(x, 0, inputs), dwB, 0, inputs, !fresh);
        gemm(B, inputs, n, rowMajor(dy, 0, n), rowMajor(w, 0, inputs), dxB, 0, inputs, false);
        expect(bits(dwA)).toEqual(bits(dwB));
        expect(bits(dxA)).toEqual(bits(dxB));
      }
    }
  }
  configureThreads({ threads: 1 });
});

it('gives the same bits on 1 and on 2 threads (each sum runs in the same order on either)', () => {
  const win: Win = { f: 3, s: 1, p: 1, d: 1, ceil: false };
  const geo: ConvGeometry = { C: 32, H: 20, W: 20, k: 48, g: 1, wh: win, ww: win, outH: 20, outW: 20 };
  const x = inWasm(randomArray(32 * 400, 1));
  const w = inWasm(randomArray(48 * 32 * 9, 2));
  const dy = inWasm(randomArray(48 * 400, 3));
  const col = inWasm(new Float32Array(32 * 9 * 400));
  const run = (threads: number): Float32Array[] => {
    configureThreads(nodeThreads(threads));
    const [y, dw, dx, db] = [inWasm(new Float32Array(48 * 400)), inWasm(new Float32Array(48 * 32 * 9)), inWasm(new Float32Array(32 * 400)), inWasm(new Float32Array(48))];
    convForward(geo, 1, x, w, null, y, col);
    convBackward(geo, 1, x, w, dy, dw, db, dx, col);
    configureThreads({ threads: 1 });
    return [y, dw, dx, db].map((t) => t.slice());
  };
  expect(run(2)).toEqual(run(1));
});

for (const threads of [1, 2]) {
  describe(`on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));
    it('CONV forward and backward match the reference on random geometries', () => {
      configureThreads(nodeThreads(threads));
      expect(threadCount()).toBe(threads);
      fc.assert(fc.property(convCase, checkConv), { seed: 13 + threads, numRuns: 60 });
    });
    it('depthwise CONV forward and backward match the reference (straight from the image in wasm)', () => {
      configureThreads(nodeThreads(threads));
      fc.assert(fc.property(depthwiseCase, checkConv), { seed: 17 + threads, numRuns: 100 });
      // MobileNetV3's and EfficientNet's sizes, split between the threads: 5x5 at stride 1 and 2
      checkConv({ B: 1, cg: 1, kg: 1, g: 96, H: 28, W: 28, f: 5, s: 1, p: 2, d: 1, seed: 8 });
      checkConv({ B: 2, cg: 1, kg: 1, g: 40, H: 29, W: 29, f: 3, s: 2, p: 1, d: 1, seed: 9 });
    });
    it('a VGG-sized CONV (64 -> 64 at 28x28, 3x3) and a 1x1 one', () => {
      configureThreads(nodeThreads(threads));
      checkConv({ B: 1, cg: 64, kg: 64, g: 1, H: 28, W: 28, f: 3, s: 1, p: 1, d: 1, seed: 5 });
      checkConv({ B: 2, cg: 96, kg: 40, g: 1, H: 14, W: 14, f: 1, s: 1, p: 0, d: 1, seed: 6 });
    });
    it('a bias gradient large enough to be split between the threads, rows not a multiple of four long', () => {
      configureThreads(nodeThreads(threads));
      // 70 maps of 4,099 positions: 287K elements, above the size the threads split at (2^18)
      const b = { dy: randomArray(70 * 4099, 7), db: randomArray(70, 8) };
      compare(b, ['db'], 4099 + 1, (t) => biasGradient(t.db!, t.dy!, 70, 4099, 0));
      const short = { dy: randomArray(5 * 3, 9), db: new Float32Array(5) }; // rows shorter than one SIMD vector
      compare(short, ['db'], 3 + 1, (t) => biasGradient(t.db!, t.dy!, 5, 3, 0));
    });
    it('FC forward and backward match the reference (batch 1 to 4: both products in one pass; 7)', () => {
      configureThreads(nodeThreads(threads));
      checkFc(1, 3001, 517, 1);
      checkFc(3, 2050, 65, 3);
      checkFc(4, 1027, 13, 5);
      checkFc(7, 300, 129, 2);
      checkFc(2, 16_384 + 37, 9, 4); // more inputs than one block of the fused backward
    });
  });
}
