// NORM or LRN(size=5, alpha=0.0001, beta=0.75, k=1): local response normalisation across channels,
// as torch.nn.LocalResponseNorm: b = a / (k + alpha/size * sum of a^2 over `size` channels)^beta.
// No parameters, shape unchanged. FLOPs per element: size squares and size-1 adds for the sum, then
// a scale, an add, a power and a divide: 2*size + 3.

import { mul } from '../util/exact.js';
import { elements, intArg, SHAPE_KEEPING } from './shared.js';
import type { LayerDef } from './types.js';

function numberArg(given: Readonly<Record<string, number | string>>, key: string, fallback: number): number {
  const value = given[key];
  return typeof value === 'number' ? value : fallback;
}

export const lrn: LayerDef<'lrn'> = {
  ...SHAPE_KEEPING,
  kind: 'lrn',
  category: 'normalization',
  keywords: ['LRN', 'NORM'],
  args: [
    { key: 'size', type: 'int', min: 1, about: 'channels in the window' },
    { key: 'alpha', type: 'number', min: 0, about: 'scale' },
    { key: 'beta', type: 'number', min: 0, about: 'exponent' },
    { key: 'k', type: 'number', min: 0, about: 'additive constant' },
  ],
  positional: ['size'],
  resolve: (given) => ({
    size: intArg(given, 'size', 5),
    alpha: numberArg(given, 'alpha', 0.0001),
    beta: numberArg(given, 'beta', 0.75),
    k: numberArg(given, 'k', 1),
  }),
  elementOps: (a, _input, out) => mul('FLOPs', elements(out), 2 * a.size + 3),
  notesName: () => 'NORM',
};
