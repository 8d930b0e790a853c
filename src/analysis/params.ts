// Parameters of one layer: weights and biases from the layer definitions; params = weights + biases.
// Buffers (BN's running statistics) are state that is saved with the model but not trained.

import type { LayerDef, LayerKind } from '../layers/types.js';
import { add } from '../util/exact.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerParams {
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  readonly buffers: number;
}

const SHARED: LayerParams = { weights: 0, biases: 0, params: 0, buffers: 0 };

/** A layer that shares its weights (analysis/shared.ts) holds none of its own. */
export function layerParams(def: LayerDef<LayerKind>, { node, layer, input, output }: ShapedLayer): LayerParams {
  if (node.shares !== undefined) return SHARED;
  const weights = def.weights(layer.args, input, output);
  const biases = def.biases(layer.args, input, output);
  const buffers = def.buffers?.(layer.args, input, output) ?? 0;
  return { weights, biases, params: add('parameters', weights, biases), buffers };
}
