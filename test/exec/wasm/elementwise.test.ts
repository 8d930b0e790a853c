// ReLU, max and average pooling (forward and backward), sums, the optimizer steps and the count of
// NaNs and infinities in WebAssembly against the TypeScript reference, bit for bit (the counts
// equal): none of them reduces but in the reference's order, each element's result is the same
// formula (comparisons only, the pools' sums in window or output order, the optimizer's in float64
// rounded at each store, as JavaScript computes it), so any difference is a bug (but for the sign of a NaN that an addition makes:
// expectSameBits). Random sizes and shapes (fast-check), with zeros of both signs, infinities and
// NaN among the activations, on one thread and on two (the sizes above the threshold at which the
// threads split a pass). SiLU and GELU compute their own e^x: within float32's rounding there.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../../src/cli/threads-node.js';
import { activationBackward, activationForward } from '../../../src/exec/kernels/activations.js';
import { modernBackward, modernForward } from '../../../src/exec/kernels/activations-modern.js';
import { poolBackward, poolForward, type PoolGeometry } from '../../../src/exec/kernels/pool.js';
import { outSize, type Win } from '../../../src/exec/kernels/im2col.js';
import { countNonFinite } from '../../../src/exec/nonfinite.js';
import { Tracker } from '../../../src/exec/memory.js';
import { createOptimizer, OPTIMIZER_NAMES, type OptimizerName } from '../../../src/exec/optim/optimizers.js';
import { configureThreads, threadCount } from '../../../src/exec/threads/pool.js';
import { addFloats, wasmAvgPool, wasmAvgPoolBackward, wasmMaxPool, wasmMaxPoolBackward, wasmRelu, wasmReluBackward, zeroFloats } from '../../../src/exec/wasm/elementwise.js';
import { wasmRuntime } from '../../../src/exec/wasm/runtime.js';
import { randomArray } from '../naive.js';
import { expectSameBits, inWasm } from './helpers.js';

const SPECIALS = [0, -0, Infinity, -Infinity, NaN];

/** Random values in [-1, 1) with a special value at about one element in eight. */
function activations(n: number, seed: number): Float32Array {
  const a = randomArray(n, seed);
  const pick = randomArray(n, seed + 1, 0, 1);
  for (let i = 0; i < n; i++) if (pick[i]! < 0.125) a[i] = SPECIALS[Math.floor(pick[i]! * 40)]!;
  return a;
}

function checkRelu(n: number, seed: number, inPlace: boolean): void {
  const x = activations(n, seed);
  const dy = activations(n, seed + 2);
  const want = new Float32Array(n);
  activationForward('relu', n, x, want);
  const wantDx = new Float32Array(n);
  activationBackward('relu', n, want, dy, wantDx);
  const wx = inWasm(x);
  const y = inPlace ? wx : inWasm(new Float32Array(n));
  expect(wasmRelu(n, wx, y)).toBe(true);
  expectSameBits(y, want);
  const wdy = inWasm(dy);
  const dx = inPlace ? wdy : inWasm(new Float32Array(n));
  expect(wasmReluBackward(n, y, wdy, dx)).toBe(true);
  expectSameBits(dx, wantDx);
}

interface PoolCase { B: number; C: number; H: number; W: number; f: number; s: number; p: number; ceil: boolean; seed: number }

function checkMaxPool({ B, C, H, W, f, s, p, ceil, seed }: PoolCase, values?: readonly number[]): void {
  const win: Win = { f, s, p, d: 1, ceil };
  const geo: PoolGeometry = { C, H, W, wh: win, ww: win, outH: outSize(H, win), outW: outSize(W, win) };
  const outputs = B * C * geo.outH * geo.outW;
  const x = values ? Float32Array.from({ length: B * C * H * W }, (_, i) => values[(i * 7 + seed) % values.length]!) : activations(B * C * H * W, seed);
  const [want, wantAt] = [new Float32Array(outputs), new Int32Array(outputs)];
  poolForward(geo, 'max', B, x, want, wantAt);
  const y = inWasm(new Float32Array(outputs));
  const at = wasmRuntime()!.arena.i32(outputs)!;
  expect(wasmMaxPool(geo, B, inWasm(x), y, at)).toBe(true);
  expectSameBits(y, want);
  expectSameBits(at, wantAt);
  const alone = inWasm(new Float32Array(outputs));
  expect(wasmMaxPool(geo, B, inWasm(x), alone, null)).toBe(true); // inference keeps no indices
  expectSameBits(alone, want);
  // backward: overlapping windows (s < f) add several gradients into one input, in output order
  const dy = activations(outputs, seed + 5);
  const wantDx = new Float32Array(B * C * H * W);
  poolBackward(geo, 'max', B, dy, wantDx, wantAt, null, null);
  const dx = inWasm(randomArray(B * C * H * W, seed + 6)); // written over, not added to
  expect(wasmMaxPoolBackward(geo, B, inWasm(dy), dx, at)).toBe(true);
  expectSameBits(dx, wantDx, true);
}

/** Average pooling (count_include_pad, ceil mode's partial windows), both passes, against the reference. */
function checkAvgPool({ B, C, H, W, f, s, p, ceil, seed }: PoolCase): void {
  const win: Win = { f, s, p, d: 1, ceil };
  const geo: PoolGeometry = { C, H, W, wh: win, ww: win, outH: outSize(H, win), outW: outSize(W, win) };
  const x = activations(B * C * H * W, seed);
  const want = new Float32Array(B * C * geo.outH * geo.outW);
  poolForward(geo, 'avg', B, x, want, null);
  const y = inWasm(new Float32Array(want.length));
  expect(wasmAvgPool(geo, B, inWasm(x), y)).toBe(true);
  expectSameBits(y, want, true);
  // backward: overlapping windows add several shares into one input, output by output
  const dy = activations(want.length, seed + 5);
  const wantDx = new Float32Array(x.length);
  poolBackward(geo, 'avg', B, dy, wantDx, null, null, null);
  const dx = inWasm(randomArray(x.length, seed + 6)); // written over, not added to
  expect(wasmAvgPoolBackward(geo, B, inWasm(dy), dx)).toBe(true);
  expectSameBits(dx, wantDx, true);
}

const poolCase = fc
  .record({
    B: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 1, max: 6 }), H: fc.integer({ min: 1, max: 17 }), W: fc.integer({ min: 1, max: 17 }),
    f: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), p: fc.nat(2), ceil: fc.boolean(), seed: fc.nat(1000),
  })
  .filter((c) => 2 * c.p <= c.f && c.H + 2 * c.p >= c.f && c.W + 2 * c.p >= c.f);

/** Weights after `steps` steps of `name`, the tensors in the shared memory or not (the reference). */
function train(name: OptimizerName, n: number, seed: number, steps: number, wasm: boolean): Float32Array {
  const place = (a: Float32Array): Float32Array => (wasm ? inWasm(a) : a);
  const p = { data: place(randomArray(n, seed)), grad: place(new Float32Array(n)) };
  const opt = createOptimizer(name, new Tracker(), name === 'sgd' ? 0.3 : undefined);
  for (let t = 0; t < steps; t++) {
    p.grad.set(randomArray(n, seed + 1 + t, -2, 2));
    opt.step([p]);
  }
  return p.data;
}

for (const threads of [1, 2]) {
  describe(`on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));
    const setThreads = (): void => {
      configureThreads(nodeThreads(threads));
      expect(threadCount()).toBe(threads);
    };

    it('counts the NaNs and infinities the TypeScript loop counts, at any offset and length', () => {
      setThreads();
      const check = (n: number, seed: number, offset: number): void => {
        const a = activations(n + offset, seed);
        expect(countNonFinite(inWasm(a).subarray(offset))).toEqual(countNonFinite(a.subarray(offset)));
      };
      fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(1000), fc.nat(3), check), { seed: 11 + threads, numRuns: 60 });
      check(200_003, 7, 1); // split across the threads, with a tail
      const clean = inWasm(new Float32Array(70_000).fill(1));
      expect(countNonFinite(clean)).toEqual({ nan: 0, infinite: 0 }); // the counters start again at 0
    });

    it('ReLU forward and backward give the reference bits, in place or not', () => {
      setThreads();
      fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(1000), fc.boolean(), checkRelu), { seed: 21 + threads, numRuns: 60 });
      checkRelu(200_003, 7, false); // split across the threads, with a tail
      checkRelu(65_536 * 3 + 5, 8, true);
    });

    it('max pooling gives the reference bits and indices, and its backward the reference gradients', () => {
      setThreads();
      fc.assert(fc.property(poolCase, (c) => checkMaxPool(c)), { seed: 31 + threads, numRuns: 80 });
      checkMaxPool({ B: 1, C: 64, H: 56, W: 56, f: 2, s: 2, p: 0, ceil: false, seed: 3 }); // a VGG16 pool, split
      checkMaxPool({ B: 2, C: 40, H: 27, W: 27, f: 3, s: 2, p: 1, ceil: true, seed: 4 });
      // POOL2 runs four outputs at a time: ties, -0 against 0 and NaN as the reference takes them
      for (let seed = 0; seed < 5; seed++) checkMaxPool({ B: 1, C: 3, H: 9, W: 21, f: 2, s: 2, p: 0, ceil: seed % 2 === 1, seed }, [0, -0, 1, NaN, 1, -0, -Infinity, 0, 2]);
    });

    it('addFloats gives the float32 sums the TypeScript loop gives, in place or not, over its count only', () => {
      setThreads();
      for (const n of [0, 3, 257, 200_003]) {
        const [a, b] = [activations(n + 2, n), activations(n + 2, n + 1)];
        const want = a.slice();
        addFloats(want, a, b, n); // plain arrays: the TypeScript loop
        const [wa, wb] = [inWasm(a), inWasm(b)];
        const apart = inWasm(new Float32Array(n + 2));
        addFloats(apart, wa, wb, n);
        expectSameBits(apart.subarray(0, n), want.subarray(0, n), true);
        addFloats(wa, wa, wb, n);
        expectSameBits(wa, want, true);
        expect([wa[n], wa[n + 1]]).toEqual([a[n], a[n + 1]]);
      }
    });

    // their e^x is the kernels' own; GELU's erf is the reference's table, so its forward is exact
    it.each([['silu', false], ['gelu', true]] as const)('%s forward and backward within a float32 ulp of the reference (forward exact: %s), NaN and infinities alike', (kind, exact) => {
      setThreads();
      // wide values (e^-x overflows and underflows at the ends), ordinary ones, and the specials
      const wide = randomArray(100_003, 5, -800, 800);
      const x = Float32Array.from([...activations(4001, 3), ...wide, 88.7, -88.7, 103.9, -103.9, 1e-30, -1e-30, 3.4e38, -3.4e38]);
      const dy = activations(x.length, 4);
      const [want, wantDx] = [new Float32Array(x.length), new Float32Array(x.length)];
      modernForward(kind, x.length, x, want); // plain arrays: the reference, with Math.exp
      modernBackward(kind, x.length, x, want, dy, wantDx);
      const [wx, wdy] = [inWasm(x), inWasm(dy)];
      const [y, dx] = [inWasm(new Float32Array(x.length)), inWasm(new Float32Array(x.length))];
      modernForward(kind, x.length, wx, y);
      modernBackward(kind, x.length, wx, y, wdy, dx);
      if (exact) expectSameBits(y, want, true);
      for (const [got, ref] of [[y, want], [dx, wantDx]] as const) {
        for (let i = 0; i < x.length; i++) {
          const [a, r] = [got[i]!, ref[i]!];
          if (Number.isNaN(r) || !Number.isFinite(r)) {
            if (!Object.is(a, r) && !(Number.isNaN(a) && Number.isNaN(r))) expect.fail(`x = ${x[i]}: ${a} vs reference ${r}`);
            continue;
          }
          if (!(Math.abs(a - r) <= 2 ** -23 * Math.abs(r) + 1e-45)) expect.fail(`x = ${x[i]}: ${a} vs reference ${r}`);
        }
      }
    });

    it('average pooling gives the reference bits, forward and backward', () => {
      setThreads();
      fc.assert(fc.property(poolCase, checkAvgPool), { seed: 35 + threads, numRuns: 80 });
      checkAvgPool({ B: 1, C: 64, H: 35, W: 35, f: 3, s: 1, p: 1, ceil: false, seed: 6 }); // Inception v3's, split
      checkAvgPool({ B: 2, C: 40, H: 27, W: 27, f: 3, s: 2, p: 1, ceil: true, seed: 7 });
    });

    it('zeroFloats clears exactly the range it is given', () => {
      setThreads();
      for (const [n, from, to] of [[10, 3, 7], [300_001, 1, 300_000], [200_000, 0, 200_000]] as const) {
        const v = inWasm(randomArray(n, n, 1, 2)); // no zeros to begin with
        zeroFloats(v, from, to);
        expect(v.subarray(from, to).every((x) => x === 0)).toBe(true);
        expect(v.subarray(0, from).every((x) => x !== 0) && v.subarray(to).every((x) => x !== 0)).toBe(true);
      }
    });

    it.each(OPTIMIZER_NAMES)('%s steps give the reference bits', (name) => {
      setThreads();
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(1000), (n, seed) => {
          expectSameBits(train(name, n, seed, 3, true), train(name, n, seed, 3, false));
        }),
        { seed: 41 + threads, numRuns: 20 },
      );
      expectSameBits(train(name, 150_001, 9, 2, true), train(name, 150_001, 9, 2, false));
    });
  });
}
