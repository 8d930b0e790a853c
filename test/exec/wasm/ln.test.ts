// Layer normalisation in WebAssembly (wasm/ln.ts) against the TypeScript reference (kernels/ln.ts),
// bit for bit: the same float64 operations, each sum in the reference's order (a position a SIMD
// lane, its channels in turn; the parameters' gradients over the positions in turn, rounded to
// float32 at each step as the reference stores them). Random shapes, including positions that
// are not a multiple of four and thread ranges that start inside an image, on one thread and two.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../../src/cli/threads-node.js';
import { lnBackward, lnForward } from '../../../src/exec/kernels/ln.js';
import { configureThreads, threadCount } from '../../../src/exec/threads/pool.js';
import { randomArray } from '../naive.js';
import { expectSameBits, inWasm } from './helpers.js';


interface LnCase { B: number; C: number; HW: number; seed: number; withDx: boolean }

function check({ B, C, HW, seed, withDx }: LnCase): void {
  const n = B * C * HW;
  const tensors = {
    x: randomArray(n, seed, -2, 3), weight: randomArray(C, seed + 1), bias: randomArray(C, seed + 2), y: new Float32Array(n),
    mean: new Float32Array(B * HW), rstd: new Float32Array(B * HW), dy: randomArray(n, seed + 3),
    dWeight: randomArray(C, seed + 4), dBias: randomArray(C, seed + 5), dx: new Float32Array(n),
  };
  const ref = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, v.slice()]));
  const got = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, inWasm(v)]));
  for (const t of [ref, got]) {
    lnForward(1e-6, B, C, HW, t.x!, t.weight!, t.bias!, t.y!, t.mean!, t.rstd!);
    lnBackward(B, C, HW, t.x!, t.weight!, t.mean!, t.rstd!, t.dy!, t.dWeight!, t.dBias!, withDx ? t.dx! : null);
  }
  for (const k of ['y', 'mean', 'rstd', 'dWeight', 'dBias', 'dx']) expectSameBits(got[k]!, ref[k]!, false, k);
  // inference keeps no statistics: the same output
  const alone = inWasm(new Float32Array(n));
  lnForward(1e-6, B, C, HW, got.x!, got.weight!, got.bias!, alone, null, null);
  expectSameBits(alone, ref.y!, false, 'y without statistics');
}

const lnCase: fc.Arbitrary<LnCase> = fc.record({
  B: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 1, max: 9 }), HW: fc.integer({ min: 1, max: 40 }), seed: fc.nat(1000), withDx: fc.boolean(),
});

for (const threads of [1, 2]) {
  describe(`on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));
    it('LN forward and backward give the reference bits', () => {
      configureThreads(nodeThreads(threads));
      expect(threadCount()).toBe(threads);
      fc.assert(fc.property(lnCase, check), { seed: 61 + threads, numRuns: 80 });
      // ConvNeXt's sizes, split between the threads: 14 x 14 positions (not a multiple of four per
      // image at 7 x 7), and two images whose halves meet mid-image
      check({ B: 1, C: 384, HW: 14 * 14, seed: 3, withDx: true });
      check({ B: 2, C: 768, HW: 7 * 7, seed: 4, withDx: true });
    });
  });
}
