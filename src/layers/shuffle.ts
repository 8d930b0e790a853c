// SHUFFLE(g=2): channel shuffle, as torchvision's ShuffleNetV2 channel_shuffle (view N,g,D/g,H,W,
// transpose 1 and 2, flatten): output channel j*g + i is input channel i*(D/g) + j, so the g groups'
// channels interleave. D must be divisible by g. No parameters, no arithmetic: 0 element operations.

import { intArg, KEEPS_NOTHING, READS, SHAPE_KEEPING } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { LayerDef } from './types.js';

export const shuffle: LayerDef<'shuffle'> = {
  ...SHAPE_KEEPING,
  kind: 'shuffle',
  category: 'reshape',
  keywords: ['SHUFFLE'],
  args: [{ key: 'g', type: 'int', min: 1, about: 'groups of channels to interleave' }],
  resolve: (given) => ({ g: intArg(given, 'g', 2) }),
  check: (a, input) => (input.depth % a.g !== 0 ? `groups g=${a.g} must divide the input depth ${input.depth}` : null),
  elementOps: () => 0,
  notesName: () => 'SHUFFLE',
  // a permutation of the channels: linear, sign-keeping, position by position
  traits: fixedTraits({ shapeOnly: true, keepsLinear: true, keepsSign: true }),
  // its backward is the inverse permutation of the output gradient (PyTorch saves no tensor for it)
  training: { trainable: false, inPlace: false, reads: READS.nothing, keeps: KEEPS_NOTHING },
  pytorch: { rank: 'nchw', module: ({ args }) => `ChannelShuffle(${py(args.g)})` },
  docs: {
    name: 'SHUFFLE (v3)',
    writtenAs: '`SHUFFLE`, `SHUFFLE(g=2)`',
    arguments: 'g >= 1, dividing D',
    defaults: 'g=2',
    output: 'W x H x D (channel j*g + i is input channel i*D/g + j)',
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: '0 (moves elements)',
    keeps: 'nothing',
  },
};
