// Activation memory of one layer: the elements of its output (W*H*D) and their bytes in the chosen dtype.

import { elements } from '../layers/shared.js';
import { mul } from '../util/exact.js';
import { DTYPE_BYTES, type Dtype } from './dtype.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerMemory {
  readonly activations: number;
  readonly bytes: number;
}

export function layerMemory({ output }: ShapedLayer, dtype: Dtype): LayerMemory {
  const activations = elements(output);
  return { activations, bytes: mul('bytes', activations, DTYPE_BYTES[dtype]) };
}
