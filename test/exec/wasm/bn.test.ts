// Batch normalisation in WebAssembly (wasm/bn.ts) against the TypeScript reference (kernels/bn.ts)
// on random shapes, forward (inference and training, with the running statistics' update) and
// backward (with and without dx), on one thread and on two. Both compute each element's formula
// in float64 and round it to float32; only the sums of the statistics run in another order (four
// lanes), which moves them by float64's rounding, far below float32's. So every output is the
// reference's or one float32 step from it: within 2^-22 of its size (2 ulp), plus 1e-30 for zeros.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../../src/cli/threads-node.js';
import { bnBackward, bnForward } from '../../../src/exec/kernels/bn.js';
import { configureThreads, threadCount } from '../../../src/exec/threads/pool.js';
import { randomArray } from '../naive.js';
import { inWasm } from './helpers.js';

function expectClose(name: string, actual: Float32Array, reference: Float32Array): void {
  expect(actual.length).toBe(reference.length);
  for (let i = 0; i < actual.length; i++) {
    const bound = 2 ** -22 * Math.abs(reference[i]!) + 1e-30;
    if (!(Math.abs(actual[i]! - reference[i]!) <= bound)) expect.fail(`${name}[${i}]: ${actual[i]} vs reference ${reference[i]}`);
  }
}

interface BnCase { B: number; C: number; HW: number; seed: number; train: boolean; withDx: boolean }

function check({ B, C, HW, seed, train, withDx }: BnCase): void {
  const n = B * C * HW;
  // an offset and a scale per run, so that the mean's cancellation in the variance is exercised
  const x = randomArray(n, seed, -1, 1).map((v, i) => 3 + 2 * v + (i % 7) * 0.01);
  const tensors = {
    x, gamma: randomArray(C, seed + 1), beta: randomArray(C, seed + 2), mean: randomArray(C, seed + 3), variance: randomArray(C, seed + 4, 0.5, 2),
    y: new Float32Array(n), dy: randomArray(n, seed + 5), dGamma: randomArray(C, seed + 6), dBeta: randomArray(C, seed + 7), dx: new Float32Array(n),
  };
  const ref = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, v.slice()]));
  const got = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, inWasm(v)]));
  for (const t of [ref, got]) {
    bnForward(train, B, C, HW, t.x!, t.gamma!, t.beta!, t.mean!, t.variance!, t.y!, 1e-3);
    bnBackward(B, C, HW, t.x!, t.gamma!, t.dy!, t.dGamma!, t.dBeta!, withDx ? t.dx! : null, 1e-3);
  }
  for (const k of ['y', 'mean', 'variance', 'dGamma', 'dBeta', 'dx']) expectClose(k, got[k]!, ref[k]!);
}

const bnCase: fc.Arbitrary<BnCase> = fc.record({
  B: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 1, max: 9 }), HW: fc.integer({ min: 1, max: 40 }),
  seed: fc.nat(1000), train: fc.boolean(), withDx: fc.boolean(),
});

for (const threads of [1, 2]) {
  describe(`on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));
    it('BN forward and backward match the reference', () => {
      configureThreads(nodeThreads(threads));
      expect(threadCount()).toBe(threads);
      fc.assert(fc.property(bnCase, check), { seed: 51 + threads, numRuns: 80 });
      // a MobileNet-sized layer, split between the threads; a single element per channel
      check({ B: 2, C: 72, HW: 56 * 56, seed: 3, train: true, withDx: true });
      check({ B: 1, C: 5, HW: 1, seed: 4, train: true, withDx: true });
    });
  });
}
