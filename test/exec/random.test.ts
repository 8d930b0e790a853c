// The seeded generator's one-loop fill of uniforms (exec/random.ts fillUniform, behind the weights'
// He initialisation and the random batch) gives the numbers, in the order, that next() gives one by
// one: a seed names the same weights either way, whether the tensor lives in the WebAssembly
// memory (kernels.as fillUniform, its range split across the threads) or not, and calls mixed with
// next() and normal() carry the state on. He initialisation's bounds and variance are checked
// against its definition (PyTorch's kaiming_uniform_ with ReLU's gain): U(-b, b), b = sqrt(6 / fan_in),
// variance b^2 / 3 = 2 / fan_in.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../src/cli/threads-node.js';
import { createRandom, fillHe, fillUniform, type Random } from '../../src/exec/random.js';
import { configureThreads, threadCount } from '../../src/exec/threads/pool.js';
import { expectSameBits, inWasm } from './wasm/helpers.js';

/** The same generator behind the plain interface, so that fillUniform takes its one-by-one loop. */
const plain = (r: Random): Random => ({ next: () => r.next(), normal: () => r.normal() });

type Step = { kind: 'fill'; length: number; lo: number; hi: number } | { kind: 'next' } | { kind: 'normal' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('fill' as const), length: fc.nat(40), lo: fc.double({ min: -3, max: 0, noNaN: true }), hi: fc.double({ min: 0.01, max: 3, noNaN: true }) }),
  fc.constant({ kind: 'next' as const }),
  fc.constant({ kind: 'normal' as const }),
);

/** Every number the steps give, the fills' tensors in the WebAssembly memory or not. */
function outputs(r: Random, steps: readonly Step[], wasm: boolean): number[] {
  const out: number[] = [];
  for (const s of steps) {
    if (s.kind === 'next') out.push(r.next());
    else if (s.kind === 'normal') out.push(r.normal());
    else {
      const t = wasm ? inWasm(new Float32Array(s.length)) : new Float32Array(s.length);
      fillUniform(t, r, s.lo, s.hi);
      out.push(...t);
    }
  }
  return out;
}

for (const threads of [1, 2]) {
  describe(`on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));

    it('fills uniforms as next() gives them, in either memory, across calls and mixed with next() and normal()', () => {
      configureThreads(nodeThreads(threads));
      expect(threadCount()).toBe(threads);
      fc.assert(
        fc.property(fc.nat(), fc.array(step, { maxLength: 12 }), fc.boolean(), (seed, steps, wasm) => {
          expect(outputs(createRandom(seed), steps, wasm)).toEqual(outputs(plain(createRandom(seed)), steps, false));
        }),
        { seed: 5 + threads, numRuns: 300 },
      );
    });

    it('fills a large tensor (split across the threads, an odd tail) with the same bits in either memory, and the state goes on alike', () => {
      configureThreads(nodeThreads(threads));
      expect(threadCount()).toBe(threads);
      const n = 3 * 65_536 + 7;
      // a state above 2^31, which the threads' control block (int32) holds as a negative number
      const [a, b, c] = [inWasm(new Float32Array(n)), new Float32Array(n), new Float32Array(n)];
      const [ra, rb, rc] = [createRandom(0xffff0000), createRandom(0xffff0000), plain(createRandom(0xffff0000))];
      fillUniform(a, ra, -0.25, 0.75);
      fillUniform(b, rb, -0.25, 0.75);
      fillUniform(c, rc, -0.25, 0.75);
      expectSameBits(a, b);
      expectSameBits(a, c);
      const after = (r: Random): number[] => [r.next(), r.normal(), r.next()];
      const want = after(rc);
      expect(after(ra)).toEqual(want);
      expect(after(rb)).toEqual(want);
    });
  });
}

it('He initialisation: within +-sqrt(6 / fan_in), mean 0 and variance 2 / fan_in', () => {
  const fanIn = 27; // a 3x3 filter over 3 channels: VGG16's first layer
  const w = inWasm(new Float32Array(200_000));
  fillHe(w, createRandom(11), fanIn);
  const bound = Math.fround(Math.sqrt(6 / fanIn)); // as float32 weights can reach it
  let [sum, squares, max] = [0, 0, 0];
  for (const v of w) {
    sum += v;
    squares += v * v;
    max = Math.max(max, Math.abs(v));
  }
  expect(max).toBeLessThanOrEqual(bound);
  expect(max).toBeGreaterThan(0.999 * bound);
  // a uniform's mean has standard error b / sqrt(3n), its mean square's relative one sqrt(0.8 / n):
  // 0.001 and 0.002 here; allowed five times that
  expect(Math.abs(sum / w.length)).toBeLessThan(5 * bound / Math.sqrt(3 * w.length));
  expect(Math.abs(squares / w.length / (2 / fanIn) - 1)).toBeLessThan(0.01);
});
