// LOCAL: a locally connected layer, CONV's geometry without weight sharing (cs231n 3.1.2):
// every output position has its own filters. Weights outW*outH*k*f*f*D, biases outW*outH*k,
// MACs outW*outH*k*f*f*D (the same multiply-adds as CONV, each with its own weight).

import { mul } from '../util/exact.js';
import { CONV_ARGS, resolveConvArgs } from './conv.js';
import { bothSides, windowedShape } from './shared.js';
import type { LayerDef } from './types.js';
import { squareWindow } from './window.js';

export const local: LayerDef<'local'> = {
  kind: 'local',
  category: 'conv',
  keywords: ['LOCAL'],
  args: CONV_ARGS,
  suffixArg: 'f',
  dashArg: 'k',
  resolve: (given, input) => resolveConvArgs(given, input.depth),
  windows: (a) => bothSides(squareWindow(a.f, a.s, a.p, a.d)),
  outputShape: (a, input) => windowedShape(bothSides(squareWindow(a.f, a.s, a.p, a.d)), input, a.k),
  weights: (a, input, out) => mul('weights', out.width, out.height, a.k, a.f, a.f, input.depth),
  biases: (a, _input, out) => (a.bias ? mul('biases', out.width, out.height, a.k) : 0),
  macs: (a, input, out) => mul('MACs', out.width, out.height, a.k, a.f, a.f, input.depth),
  elementOps: () => 0,
  notesName: (a) => `LOCAL${a.f}-${a.k}`,
  weightsFormula: (a, input, out) => `(${out.width}*${out.height}*${a.k})*(${a.f}*${a.f}*${input.depth})`,
};
