// BN or BATCHNORM: batch normalisation over depth. Parameters 2*D (a scale and a shift per channel,
// counted as D weights and D biases), plus 2*D running statistics reported as buffers. At inference
// it is y = x*a + b per element: 2 element operations.

import { mul } from '../util/exact.js';
import { elements, SHAPE_KEEPING } from './shared.js';
import type { LayerDef } from './types.js';

export const bn: LayerDef<'bn'> = {
  ...SHAPE_KEEPING,
  kind: 'bn',
  category: 'normalization',
  keywords: ['BN', 'BATCHNORM'],
  args: [],
  resolve: () => ({}) as never,
  weights: (_a, input) => input.depth,
  biases: (_a, input) => input.depth,
  buffers: (_a, input) => mul('buffers', 2, input.depth),
  elementOps: (_a, _input, out) => mul('FLOPs', elements(out), 2),
  notesName: () => 'BN',
  // the scale alone: the shift is BN's D biases, which the notes' weights column leaves out
  weightsFormula: (_a, input) => String(input.depth),
};
