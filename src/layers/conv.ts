// CONV: a convolution with k filters of f x f x D, stride s, zero padding p (cs231n "CONV3-64");
// version 2 adds groups g (each filter sees D/g channels), dilation d and bias=no.
// Weights f*f*(D/g)*k, biases k (0 with bias=no), MACs outW*outH*k*f*f*(D/g).

import { mul } from '../util/exact.js';
import { squareWindow } from './window.js';
import { bothSides, intArg, WINDOW_ARGS, windowedShape } from './shared.js';
import type { ArgSpec, ConvArgs, GivenArgs, LayerDef } from './types.js';

/** Defaults of the contract: f=3, s=1, g=1, d=1, p = floor((d*(f-1)+1 - 1)/2) ("same" for odd f), k = input depth. */
export function resolveConvArgs(given: GivenArgs, inputDepth: number): ConvArgs {
  const f = intArg(given, 'f', 3);
  const d = intArg(given, 'd', 1);
  return {
    f,
    k: intArg(given, 'k', inputDepth),
    s: intArg(given, 's', 1),
    p: intArg(given, 'p', Math.floor((d * (f - 1)) / 2)),
    g: intArg(given, 'g', 1),
    d,
    bias: given['bias'] !== 'no',
  };
}

export const CONV_ARGS: readonly ArgSpec[] = [
  ...WINDOW_ARGS,
  { key: 'k', type: 'int', min: 1, about: 'number of filters (output depth)' },
  { key: 'd', type: 'int', min: 1, about: 'dilation' },
  { key: 'bias', type: 'word', words: ['yes', 'no'], about: 'whether the filters have biases' },
];

export const conv: LayerDef<'conv'> = {
  kind: 'conv',
  category: 'conv',
  keywords: ['CONV'],
  args: [...CONV_ARGS, { key: 'g', type: 'int', min: 1, about: 'groups (each filter sees depth/g channels)' }],
  suffixArg: 'f',
  dashArg: 'k',
  resolve: (given, input) => resolveConvArgs(given, input.depth),
  windows: (a) => bothSides(squareWindow(a.f, a.s, a.p, a.d)),
  check: (a, input) =>
    input.depth % a.g !== 0 || a.k % a.g !== 0
      ? `groups g=${a.g} must divide both the input depth ${input.depth} and the filter count k=${a.k}`
      : null,
  outputShape: (a, input) => windowedShape(bothSides(squareWindow(a.f, a.s, a.p, a.d)), input, a.k),
  weights: (a, input) => mul('weights', a.f, a.f, input.depth / a.g, a.k),
  biases: (a) => (a.bias ? a.k : 0),
  macs: (a, input, out) => mul('MACs', out.width, out.height, a.k, a.f, a.f, input.depth / a.g),
  elementOps: () => 0,
  notesName: (a) => `CONV${a.f}-${a.k}`,
  weightsFormula: (a, input) => `(${a.f}*${a.f}*${a.g === 1 ? input.depth : `${input.depth}/${a.g}`})*${a.k}`,
};
