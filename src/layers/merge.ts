// The merges of notation version 2, made by expansion, never written: { A | B } concatenates the
// branches' outputs along depth (the Inception module: same W x H), { A + B } adds them element-wise
// (the residual connection: same shape). No parameters; an addition of n inputs costs (n-1)
// element operations per output element.

import { mul } from '../util/exact.js';
import { sameField } from './field.js';
import { elements, KEEPS_NOTHING, READS } from './shared.js';
import { fixedTraits } from './traits.js';
import type { LayerDef, LayerDocs, Shape } from './types.js';

const side = (s: Shape): string => `${s.width}x${s.height}`;
const full = (s: Shape): string => `${s.width}x${s.height}x${s.depth}`;

const NOTHING = {
  args: [],
  keywords: [],
  resolve: () => ({}) as never,
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  weightsFormula: () => '0',
  workspace: () => 0,
  receptiveField: sameField, // analysis/receptive-field.ts merges the branches' fields first
  traits: fixedTraits({ keepsLinear: true }),
  // the gradient passes to every branch unchanged (+) or split along depth (|): nothing to keep
  training: { trainable: false, inPlace: false, reads: READS.nothing, keeps: KEEPS_NOTHING },
  parameters: () => [],
} as const;

const mergeDocs = (name: string, writtenAs: string, output: string, elementOps: string): LayerDocs => ({
  name,
  writtenAs,
  arguments: '—',
  defaults: '—',
  output,
  weights: '0',
  biases: '0',
  macs: '0',
  elementOps,
  keeps: 'nothing',
});

export const concat: LayerDef<'concat'> = {
  ...NOTHING,
  kind: 'concat',
  category: 'merge',
  check: (_a, _input, inputs) =>
    inputs.every((s) => s.width === inputs[0]!.width && s.height === inputs[0]!.height)
      ? null
      : `the branches of a concatenation must give the same W x H; they give ${inputs.map(side).join(', ')}`,
  outputShape: (_a, input, inputs) => ({ width: input.width, height: input.height, depth: inputs.reduce((d, s) => d + s.depth, 0) }),
  elementOps: () => 0,
  notesName: () => 'CONCAT',
  pytorch: { rank: 'any', module: () => 'Concat()' },
  docs: mergeDocs('concatenation (v2)', 'made by `{ A \\| B }`, never written', 'W x H x (sum of depths)', '0'),
};

export const add: LayerDef<'add'> = {
  ...NOTHING,
  kind: 'add',
  category: 'merge',
  check: (_a, _input, inputs) =>
    inputs.every((s) => full(s) === full(inputs[0]!))
      ? null
      : `the branches of an addition must give the same shape; they give ${inputs.map(full).join(', ')}`,
  outputShape: (_a, input) => input,
  elementOps: (_a, _input, out, inputs) => mul('FLOPs', elements(out), inputs.length - 1),
  notesName: () => 'ADD',
  pytorch: { rank: 'any', module: () => 'Add()' },
  docs: mergeDocs('addition (v2)', 'made by `{ A + B }`, never written', 'the common shape', 'n - 1 adds for n branches'),
};
