// The per-kind meta-test: for every kind in LAYERS, one test per thing a kind must have, in the
// order a newcomer meets them (CONTRIBUTING.md, Adding a layer kind), each failing with the file to
// edit and what to add. The compiler names the rest: src/layers/index.ts (LAYERS),
// src/exec/kernels/registry.ts (REFERENCE_KERNELS) and test/kinds/cases.ts are records over every kind.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/analyze.js';
import { LAYERS } from '../../src/layers/index.js';
import type { LayerDocs, LayerKind } from '../../src/layers/types.js';
import { planTraining } from '../../src/training/plan.js';
import { generatedKinds } from '../exec/random-network.js';
import { analysisOf, ROOT } from '../helpers.js';
import type { KindCase } from './case.js';
import { CASES } from './cases.js';

const SEE = '(see CONTRIBUTING.md, Adding a layer kind)';
const kinds = Object.keys(LAYERS) as LayerKind[];
const caseOf = (kind: LayerKind): KindCase<LayerKind> | undefined => (CASES as Partial<Record<LayerKind, KindCase<LayerKind>>>)[kind];

/** Every row of LayerDocs: a new row must be added here too, or this does not compile. */
const DOC_ROWS: Record<keyof LayerDocs, true> = {
  name: true, writtenAs: true, arguments: true, defaults: true, output: true, weights: true, biases: true, macs: true, elementOps: true, keeps: true,
};

const kindsOf = (a: Analysis): Set<LayerKind> => new Set(a.layers.map((l) => l.layer.kind));
const exampleKinds = readdirSync(`${ROOT}examples`).filter((f) => f.endsWith('.cnn'))
  .reduce((all, f) => new Set([...all, ...kindsOf(analysisOf(readFileSync(`${ROOT}examples/${f}`, 'utf8')))]), new Set<LayerKind>());
const generated = generatedKinds(300, 20261201);

function fail(problems: readonly string[]): void {
  if (problems.length > 0) expect.fail(problems.join('\n'));
}

/** Layers of `kind` after the input batch whose backward a training step would not check: not
 *  differentiated, or with neither parameters of its own nor a differentiated input to send a gradient to. */
function unchecked(source: string, kind: LayerKind): number[] {
  const analysis = analysisOf(source);
  const plan = planTraining(analysis.layers, { training: true });
  return analysis.layers.flatMap((l, id) => {
    if (id === 0 || l.layer.kind !== kind) return [];
    const reaches = l.params > 0 || l.node.inputs.some((i) => plan.differentiated[i]);
    return plan.differentiated[id] && reaches ? [] : [id];
  });
}

describe.each(kinds)('%s', (kind) => {
  const name = kind.toUpperCase();
  const c = caseOf(kind);

  it('has kernel tests against a naive reference (test/kinds/cases.ts)', () => {
    if (!c) return expect.fail(`${name}: no case in test/kinds/cases.ts; add one: small networks that use it (each of its argument variants) and a naive reference of its forward pass ${SEE}`);
    fail([
      ...(c.networks.length === 0 ? [`${name}: its case in test/kinds/cases.ts has no networks; add small networks that use it`] : []),
      ...c.networks.filter((s) => !kindsOf(analysisOf(s)).has(kind)).map((s) => `${name}: "${s}" (test/kinds/cases.ts) has no ${name} layer`),
    ]);
  });

  it('has a finite-difference gradient check (a training step differentiates it in its case)', () => {
    if (!c) return expect.fail(`${name}: no case in test/kinds/cases.ts, so no gradient check; add one ${SEE}`);
    fail(c.networks.flatMap((s) => unchecked(s, kind).map((id) =>
      `${name}: in "${s}" (test/kinds/cases.ts) a training step leaves layer ${id}'s backward unchecked; put a trainable layer before it (INPUT [...] => CONV(f=1) => ...)`)));
  });

  it('is produced by the random-network property generator', () => {
    if (!generated.has(kind)) expect.fail(`${name}: the random-network generator never produces it; give its case in test/kinds/cases.ts a \`random\` entry that writes a layer of the kind (property.test.ts then checks its figures against the executor) ${SEE}`);
  });

  it('is used by an example', () => {
    if (!exampleKinds.has(kind)) expect.fail(`${name}: no example in examples/ uses it; add one (a published network, its figures' sources in its header comment, checked by hand in test/analysis/) ${SEE}`);
  });

  it('has its docs rows', () => {
    const docs = LAYERS[kind].docs as Partial<LayerDocs> | undefined;
    const empty = Object.keys(DOC_ROWS).filter((row) => !docs?.[row as keyof LayerDocs]?.trim());
    if (empty.length > 0) expect.fail(`${name}: its docs rows are empty (${empty.join(', ')}); fill \`docs\` in its definition in src/layers/ (src/layers/types.ts LayerDocs) ${SEE}`);
  });
});
