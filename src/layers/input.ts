// INPUT [W x H x D]: the image the network reads. It must come first and only once.

import { intArg } from './shared.js';
import type { LayerDef } from './types.js';

export const input: LayerDef<'input'> = {
  kind: 'input',
  category: 'input',
  keywords: ['INPUT'],
  args: [
    { key: 'w', type: 'int', min: 1, about: 'width' },
    { key: 'h', type: 'int', min: 1, about: 'height' },
    { key: 'd', type: 'int', min: 1, about: 'depth (channels)' },
  ],
  required: ['w', 'h', 'd'],
  resolve: (given) => ({ w: intArg(given, 'w', 1), h: intArg(given, 'h', 1), d: intArg(given, 'd', 1) }),
  outputShape: (a) => ({ width: a.w, height: a.h, depth: a.d }),
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  elementOps: () => 0,
  notesName: () => 'INPUT',
  weightsFormula: () => '0',
};
