// The merges, made by expansion, never written: { A | B } concatenates the branches' outputs along
// depth (the Inception module: same W x H), { A + B } adds them element-wise (the residual
// connection: same shape), { A & B } multiplies them, broadcasting a 1 x 1 x D branch over W x H
// (squeeze-and-excitation), and { A / B } gives each branch a slice of its input's depth, then
// concatenates. No parameters; an addition or product of n inputs costs (n-1) element operations
// per output element.

import { mul } from '../util/exact.js';
import { sameField } from './field.js';
import { elements, KEEPS_NOTHING, READS } from './shared.js';
import { fixedTraits } from './traits.js';
import type { LayerDef, LayerDocs, Shape, SliceArgs } from './types.js';

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

/** A 1 x 1 x D tensor multiplies every position of a W x H x D one (PyTorch's broadcasting). */
const broadcasts = (s: Shape, out: Shape): boolean => s.depth === out.depth && ((s.width === out.width && s.height === out.height) || (s.width === 1 && s.height === 1));

const largest = (inputs: readonly Shape[]): Shape => inputs.reduce((a, s) => (s.width * s.height > a.width * a.height ? s : a));

export const product: LayerDef<'mul'> = {
  ...NOTHING,
  kind: 'mul',
  category: 'merge',
  check: (_a, _input, inputs) =>
    inputs.every((s) => broadcasts(s, largest(inputs)))
      ? null
      : `the branches of a product must give the same shape, or 1x1xD to scale a WxHxD one; they give ${inputs.map(full).join(', ')}`,
  outputShape: (_a, _input, inputs) => largest(inputs),
  elementOps: (_a, _input, out, inputs) => mul('FLOPs', elements(out), inputs.length - 1),
  notesName: () => 'MUL',
  // a product of branches is no linear map of the input (x times a function of x)
  traits: fixedTraits({ gates: true }),
  // the gradient of each factor is the output gradient times the other factors: it reads them all
  training: { trainable: false, inPlace: false, reads: READS.everyInput, keeps: KEEPS_NOTHING },
  pytorch: { rank: 'any', module: () => 'Mul()' },
  docs: mergeDocs('product (v3)', 'made by `{ A & B }`, never written', 'the larger shape (a 1 x 1 x D branch broadcasts over W x H)', 'n - 1 multiplies for n branches'),
};

export const slice: LayerDef<'slice'> = {
  ...NOTHING,
  kind: 'slice',
  category: 'merge',
  resolve: (given) => ({ part: given['part'] as number, parts: given['parts'] as number }),
  check: (a, input) => (input.depth % a.parts === 0 ? null : `a split into ${a.parts} branches needs a depth they divide; the input has ${input.depth} channels`),
  outputShape: (a: SliceArgs, input) => ({ ...input, depth: input.depth / a.parts }),
  elementOps: () => 0,
  notesName: (a) => `SLICE ${a.part}/${a.parts}`,
  // the gradient goes to its part of the input's: nothing to keep. The executor copies the slice;
  // PyTorch's chunk gives a view, which keeps the whole input alive where a later layer saves it
  training: { trainable: false, inPlace: false, view: true, reads: READS.nothing, keeps: KEEPS_NOTHING },
  pytorch: { rank: 'nchw', module: ({ args }) => `Slice(${args.part - 1}, ${args.parts})` },
  docs: mergeDocs('split (v3)', 'made by `{ A / B }`, never written: a slice of the input per branch, then a concatenation', 'W x H x D/n for each of n branches', '0'),
};
