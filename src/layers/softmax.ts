// SOFTMAX over depth: no parameters, shape unchanged. FLOPs: 3 per element (an exp, a share of
// the sum, a divide).

import { mul } from '../util/exact.js';
import { elements, KEEPS_NOTHING, READS, SHAPE_KEEPING } from './shared.js';
import { fixedTraits } from './traits.js';
import type { LayerDef } from './types.js';

export const softmax: LayerDef<'softmax'> = {
  ...SHAPE_KEEPING,
  kind: 'softmax',
  category: 'activation',
  keywords: ['SOFTMAX'],
  args: [],
  resolve: () => ({}) as never,
  elementOps: (_a, _input, out) => mul('FLOPs', elements(out), 3),
  notesName: () => 'SOFTMAX',
  traits: fixedTraits({ shapeOnly: true, probabilities: true }),
  training: { trainable: false, inPlace: false, reads: READS.output, keeps: KEEPS_NOTHING },
  pytorch: { rank: 'any', module: () => 'nn.Softmax(dim=1)' },
  docs: {
    name: 'SOFTMAX',
    writtenAs: '`SOFTMAX`',
    arguments: 'none',
    defaults: '—',
    output: 'W x H x D (over depth)',
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: '3 (an exp, a share of the sum, a divide)',
    keeps: 'its output',
  },
};
