// SOFTMAX over depth: no parameters, shape unchanged. FLOPs: 3 per element (an exp, a share of
// the sum, a divide).

import { mul } from '../util/exact.js';
import { elements, SHAPE_KEEPING } from './shared.js';
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
};
