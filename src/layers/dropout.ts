// DROPOUT or DROPOUT(0.5): the identity at inference (0 FLOPs), a random mask in training.

import type { LayerDef } from './types.js';
import { elements, READS, SHAPE_KEEPING } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';

export const dropout: LayerDef<'dropout'> = {
  ...SHAPE_KEEPING,
  kind: 'dropout',
  category: 'dropout',
  keywords: ['DROPOUT'],
  args: [{ key: 'p', type: 'number', min: 0, max: 0.999999, about: 'probability of dropping a unit' }],
  positional: ['p'],
  resolve: (given) => ({ p: typeof given['p'] === 'number' ? given['p'] : 0.5 }),
  elementOps: () => 0,
  notesName: () => 'DROPOUT',
  traits: fixedTraits({ shapeOnly: true, keepsLinear: true, keepsSign: true, identityAtInference: true }),
  training: {
    trainable: false,
    inPlace: false,
    reads: READS.nothing,
    keeps: (_a, _input, out) => [{ what: 'mask', elements: elements(out), element: 'mask' }],
  },
  pytorch: { rank: 'any', module: ({ args }) => `nn.Dropout(p=${py(args.p)})` },
  docs: {
    name: 'DROPOUT',
    writtenAs: '`DROPOUT`, `DROPOUT(0.5)`, `DROPOUT(p=0.5)`',
    arguments: 'p: decimal in [0, 0.999999]; positional: p',
    defaults: 'p=0.5',
    output: 'W x H x D',
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: '0 (the identity at inference)',
    keeps: 'its mask (1 byte per element)',
  },
};
