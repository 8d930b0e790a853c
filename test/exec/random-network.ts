// Random small networks for the property tests: each is built from random "op" records that are
// interpreted against the running shape, so every generated network is valid by construction.
// Nothing is left out: networks may start with parameter-free layers (no gradient before the first
// CONV, LOCAL, FC or BN), put a RELU after TANH, SIGMOID, SOFTMAX or an l2 POOL (not in place in
// training), or on a fan-out (a residual skip, a concatenation with ID: never in place). Each kind
// writes its own random layers (test/kinds/cases.ts `random`; test/kinds/meta.test.ts checks that
// every kind is generated).

import fc from 'fast-check';
import type { Analysis } from '../../src/analysis/analyze.js';
import { compile } from '../../src/api.js';
import type { LayerKind } from '../../src/layers/types.js';
import { CASES } from '../kinds/cases.js';
import type { Op, RandomLayer, State } from '../kinds/generate.js';

/** Every kind's generator entries (test/kinds/cases.ts `random`), in the registry's order. */
const LAYER_GENERATORS: readonly RandomLayer[] = Object.values(CASES).flatMap((c: { random: readonly RandomLayer[] }) => c.random);

function layer(st: State, o: Op): string | null {
  return LAYER_GENERATORS[o.op % LAYER_GENERATORS.length]!(st, o);
}

function source(w: number, h: number, d: number, ops: readonly Op[]): string {
  const st: State = { w, h, d };
  const parts = [`INPUT [${w}x${h}x${d}]`];
  for (const o of ops) {
    const l = layer(st, o);
    if (l) parts.push(l);
  }
  return parts.join(' => ');
}

// op picks a generator entry: its range must stay above their number (CASES has more than 40)
const op = fc.record({ op: fc.nat(1023), a: fc.nat(60), b: fc.nat(60), c: fc.nat(60) });

/** A random valid network's source: an INPUT of 1..9 x 1..9 x 1..4, then up to 7 layers. */
export const randomNetwork: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.array(op, { minLength: 1, maxLength: 7 }))
  .map(([w, h, d, ops]) => source(w, h, d, ops));

/** The kinds of the layers in `count` generated networks (seeded), which must all compile. */
export function generatedKinds(count: number, seed: number): Set<LayerKind> {
  const kinds = new Set<LayerKind>();
  for (const text of fc.sample(randomNetwork, { numRuns: count, seed })) {
    for (const l of compileGenerated(text).layers) kinds.add(l.layer.kind);
  }
  return kinds;
}

/** A generated network's analysis; it must compile (the generator's contract). */
export function compileGenerated(text: string): Analysis {
  const { analysis, diagnostics } = compile(text);
  if (!analysis) throw new Error(`generated an invalid network: ${text}\n${diagnostics.map((x) => x.message).join('\n')}`);
  return analysis;
}
