// Compute per layer for one image: MACs (multiply-accumulates of CONV, LOCAL and FC) and
// FLOPs = 2 * MACs + the element operations of the other layers (each layer file says which).

import { add, mul } from '../util/exact.js';
import { perLayer, type PassResult } from './per-layer.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerCosts {
  readonly macs: number;
  readonly flops: number;
}

export function countCosts(layers: readonly ShapedLayer[]): PassResult<LayerCosts> {
  return perLayer(
    layers,
    (def, { layer, input, inputs, output }) => {
      const macs = def.macs(layer.args, input, output);
      const flops = add('FLOPs', mul('FLOPs', 2, macs), def.elementOps(layer.args, input, output, inputs));
      return { macs, flops };
    },
    { macs: 0, flops: 0 },
  );
}
