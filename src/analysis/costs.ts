// Compute of one layer for one image: MACs (multiply-accumulates of CONV, LOCAL and FC) and
// FLOPs = 2 * MACs + the element operations of the other layers (each layer file says which).

import type { LayerDef, LayerKind } from '../layers/types.js';
import { add, mul } from '../util/exact.js';
import type { ShapedLayer } from './shapes.js';

export interface LayerCosts {
  readonly macs: number;
  readonly flops: number;
}

export function layerCosts(def: LayerDef<LayerKind>, { layer, input, inputs, output }: ShapedLayer): LayerCosts {
  const macs = def.macs(layer.args, input, output);
  const flops = add('FLOPs', mul('FLOPs', 2, macs), def.elementOps(layer.args, input, output, inputs));
  return { macs, flops };
}
