// INPUT [W x H x D]: the image the network reads. It must come first and only once.

import { sameField } from './field.js';
import { intArg, KEEPS_NOTHING, READS } from './shared.js';
import { NO_TRAITS } from './traits.js';
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
  workspace: () => 0,
  receptiveField: sameField, // the field starts here: 1 pixel, jump 1 (analysis/receptive-field.ts)
  traits: () => NO_TRAITS,
  training: { trainable: false, inPlace: false, reads: READS.nothing, keeps: KEEPS_NOTHING },
  parameters: () => [],
  pytorch: null, // the forward pass' argument, not a module
  docs: {
    name: 'INPUT',
    writtenAs: '`INPUT [WxHxD]`, `INPUT WxHxD`, `INPUT(w=, h=, d=)`',
    arguments: 'w, h, d: integers >= 1, all required',
    defaults: '—',
    output: 'W x H x D as given',
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: '0',
    keeps: 'nothing (the input batch is its own term)',
  },
};
