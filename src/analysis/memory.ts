// Activation memory per layer: the elements of its output (W*H*D) and their bytes in the chosen dtype.

import { elements } from '../layers/shared.js';
import { mul } from '../util/exact.js';
import { DTYPE_BYTES, type Dtype } from './dtype.js';
import { perLayer, type PassResult } from './per-layer.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerMemory {
  readonly activations: number;
  readonly bytes: number;
}

export function countMemory(layers: readonly ShapedLayer[], dtype: Dtype): PassResult<LayerMemory> {
  return perLayer(
    layers,
    (_def, { output }) => {
      const activations = elements(output);
      return { activations, bytes: mul('bytes', activations, DTYPE_BYTES[dtype]) };
    },
    { activations: 0, bytes: 0 },
  );
}
