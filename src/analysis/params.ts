// Parameters per layer: weights and biases from the layer definitions; params = weights + biases.

import { add } from '../util/exact.js';
import { perLayer, type PassResult } from './per-layer.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerParams {
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
}

export function countParams(layers: readonly ShapedLayer[]): PassResult<LayerParams> {
  return perLayer(
    layers,
    (def, { layer, input, output }) => {
      const weights = def.weights(layer.args, input, output);
      const biases = def.biases(layer.args, input, output);
      return { weights, biases, params: add('parameters', weights, biases) };
    },
    { weights: 0, biases: 0, params: 0 },
  );
}
