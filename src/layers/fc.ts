// FC: fully connected to n outputs; flattens its W x H x D input. Weights W*H*D*n, biases n, MACs the same as weights.

import { mul } from '../util/exact.js';
import { wholeInput } from './field.js';
import { elements, intArg, KEEPS_NOTHING, READS } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';
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
  workspace: () => 0,
  receptiveField: wholeInput,
  traits: fixedTraits({ affine: 'dense', collapsesSpace: true }),
  training: { trainable: true, inPlace: false, reads: READS.input, keeps: KEEPS_NOTHING },
  // weight [n, C*H*W] as torch.nn.Linear, over the input flattened in C,H,W order; bias [n]
  parameters: (a, input) => {
    const fanIn = elements(input);
    return [
      { name: 'weight', shape: [a.n, fanIn], fanIn, trainable: true },
      { name: 'bias', shape: [a.n], fanIn: 0, trainable: true },
    ];
  },
  // FC is the export's own Linear over the flattened input (export/prelude.ts)
  pytorch: { rank: 'flat', module: ({ args, input }) => `FC(${py(input.width * input.height * input.depth)}, ${py(args.n)})` },
  docs: {
    name: 'FC',
    writtenAs: '`FC-n`, `FC(n)`, `FC(n=)`',
    arguments: 'n >= 1, required; positional: n',
    defaults: '—',
    output: '1 x 1 x n (flattens W x H x D)',
    weights: 'W*H*D*n',
    biases: 'n',
    macs: 'W*H*D*n',
    elementOps: '0 (its FLOPs are 2 x MACs)',
    keeps: 'its input',
  },
};
