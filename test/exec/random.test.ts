// The seeded generator's one-loop fill of normals (exec/random.ts) gives the numbers, in the order,
// that normal() gives one by one: a seed names the same weights either way, the spare normal of an
// odd-length tensor carried to the next call included.

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createRandom, fillNormal, type Random } from '../../src/exec/random.js';

/** The same generator behind the plain interface, so that fillNormal takes its one-by-one loop. */
const plain = (r: Random): Random => ({ next: () => r.next(), normal: () => r.normal() });

type Step = { kind: 'fill'; length: number; std: number } | { kind: 'next' } | { kind: 'normal' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('fill' as const), length: fc.nat(9), std: fc.double({ min: 0.01, max: 3, noNaN: true }) }),
  fc.constant({ kind: 'next' as const }),
  fc.constant({ kind: 'normal' as const }),
);

function outputs(r: Random, steps: readonly Step[]): number[] {
  const out: number[] = [];
  for (const s of steps) {
    if (s.kind === 'next') out.push(r.next());
    else if (s.kind === 'normal') out.push(r.normal());
    else {
      const t = new Float32Array(s.length);
      fillNormal(t, r, s.std);
      out.push(...t);
    }
  }
  return out;
}

it('fills normals as normal() gives them, across calls and mixed with next() and normal()', () => {
  fc.assert(
    fc.property(fc.nat(), fc.array(step, { maxLength: 12 }), (seed, steps) => {
      expect(outputs(createRandom(seed), steps)).toEqual(outputs(plain(createRandom(seed)), steps));
    }),
    { seed: 5, numRuns: 300 },
  );
  // a tensor as large as VGG16's first FC weight's first row block
  const [a, b] = [new Float32Array(100_001), new Float32Array(100_001)];
  fillNormal(a, createRandom(7), 0.01);
  fillNormal(b, plain(createRandom(7)), 0.01);
  expect(a).toEqual(b);
});
