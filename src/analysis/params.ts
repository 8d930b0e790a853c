// Parameters per layer: weights and biases from the layer definitions; params = weights + biases.
// Buffers (BN's running statistics) are state that is saved with the model but not trained.

import { add } from '../util/exact.js';
import { perLayer, type PassResult } from './per-layer.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerParams {
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  readonly buffers: number;
}

export function countParams(layers: readonly ShapedLayer[]): PassResult<LayerParams> {
  return perLayer(
    layers,
    (def, { layer, input, output }) => {
      const weights = def.weights(layer.args, input, output);
      const biases = def.biases(layer.args, input, output);
      const buffers = def.buffers?.(layer.args, input, output) ?? 0;
      return { weights, biases, params: add('parameters', weights, biases), buffers };
    },
    { weights: 0, biases: 0, params: 0, buffers: 0 },
  );
}
