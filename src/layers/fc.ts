// FC: fully connected to n outputs; flattens its W x H x D input. Weights W*H*D*n, biases n, MACs the same as weights.

import { mul } from '../util/exact.js';
import { intArg } from './shared.js';
import type { LayerDef } from './types.js';

export const fc: LayerDef<'fc'> = {
  kind: 'fc',
  category: 'fc',
  keywords: ['FC'],
  args: [{ key: 'n', type: 'int', min: 1, about: 'number of outputs' }],
  positional: ['n'],
  dashArg: 'n',
  required: ['n'],
  resolve: (given) => ({ n: intArg(given, 'n', 1) }),
  outputShape: (a) => ({ width: 1, height: 1, depth: a.n }),
  weights: (a, input) => mul('weights', input.width, input.height, input.depth, a.n),
  biases: (a) => a.n,
  macs: (a, input) => mul('MACs', input.width, input.height, input.depth, a.n),
  elementOps: () => 0,
  notesName: () => 'FC',
  weightsFormula: (a, input) =>
    input.width === 1 && input.height === 1
      ? `${input.depth}*${a.n}`
      : `${input.width}*${input.height}*${input.depth}*${a.n}`,
};
