// CONV: a convolution with k filters of f x f x D, stride s, zero padding p (cs231n "CONV3-64").
// Weights f*f*D*k, biases k, MACs outW*outH*k*f*f*D.

import { mul } from '../util/exact.js';
import { intArg, WINDOW_ARGS, windowedShape } from './shared.js';
import type { ConvArgs, LayerDef } from './types.js';

/** Defaults of the contract: f=3, s=1, p=floor((f-1)/2) ("same" for odd f), k = input depth. */
export function resolveConvArgs(given: Readonly<Record<string, number | string>>, inputDepth: number): ConvArgs {
  const f = intArg(given, 'f', 3);
  return { f, k: intArg(given, 'k', inputDepth), s: intArg(given, 's', 1), p: intArg(given, 'p', Math.floor((f - 1) / 2)) };
}

export const CONV_ARGS = [...WINDOW_ARGS, { key: 'k', type: 'int', min: 1, about: 'number of filters (output depth)' }] as const;

export const conv: LayerDef<'conv'> = {
  kind: 'conv',
  category: 'conv',
  keywords: ['CONV'],
  args: CONV_ARGS,
  suffixArg: 'f',
  dashArg: 'k',
  resolve: (given, input) => resolveConvArgs(given, input.depth),
  window: ({ f, s, p }) => ({ f, s, p }),
  outputShape: (a, input) => windowedShape(a, input, a.k),
  weights: (a, input) => mul('weights', a.f, a.f, input.depth, a.k),
  biases: (a) => a.k,
  macs: (a, input, out) => mul('MACs', out.width, out.height, a.k, a.f, a.f, input.depth),
  elementOps: () => 0,
  notesName: (a) => `CONV${a.f}-${a.k}`,
  weightsFormula: (a, input) => `(${a.f}*${a.f}*${input.depth})*${a.k}`,
};
