// DROPOUT or DROPOUT(0.5): the identity at inference (0 FLOPs), a random mask in training.

import type { LayerDef } from './types.js';
import { SHAPE_KEEPING } from './shared.js';

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
};
