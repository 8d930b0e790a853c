// Receptive field per side (cs231n 4.1: three stacked 3x3 convs see 7x7): starting from r=1, j=1
// at INPUT, a window of size f and stride s gives r = r_prev + (f-1)*j_prev and j = j_prev*s.
// From the first FC on, every output sees the whole input: the field is null there. At a merge the
// field is the largest over the branches; branches whose effective strides differ are recorded
// (their outputs line up on different grids), and the merge keeps the largest stride.

import { add, mul } from '../util/exact.js';
import { extent } from '../layers/window.js';
import type { ShapedLayer } from './shapes.js';

export interface ReceptiveField {
  /** How many input pixels per side one output element sees (the larger side for non-square windows). */
  readonly size: number;
  /** How many input pixels per side apart neighbouring outputs are (the effective stride, or jump). */
  readonly stride: number;
  /** At a merge whose branches' effective strides differ: those strides, in branch order. */
  readonly strideConflict?: readonly number[];
}

function step(l: ShapedLayer, previous: ReceptiveField): ReceptiveField {
  const [width, height] = l.fits; // the layer's windows, as shape inference fitted them
  if (!width || !height) return previous;
  const w = width.window.f >= height.window.f ? width.window : height.window;
  return {
    size: add('receptive field', previous.size, mul('receptive field', extent(w) - 1, previous.stride)),
    stride: mul('effective stride', previous.stride, w.s),
  };
}

// Folds, not Math.max(...): a merge can have hundreds of thousands of inputs, past the arguments a
// call can take (a RangeError).
function merged(fields: readonly ReceptiveField[]): ReceptiveField {
  const size = fields.reduce((m, f) => Math.max(m, f.size), 0);
  const strides = fields.map((f) => f.stride);
  const stride = strides.reduce((m, s) => Math.max(m, s), 0);
  return strides.every((s) => s === strides[0]) ? { size, stride } : { size, stride, strideConflict: strides };
}

/** The field of layer `l`, given the fields of the layers before it (indexed by node id); null from
 *  the first FC on. Throws FigureOverflow when a figure is not exact. */
export function receptiveFieldOf(l: ShapedLayer, before: readonly (ReceptiveField | null)[]): ReceptiveField | null {
  const incoming = l.node.inputs.map((i) => before[i] ?? null);
  if (l.layer.kind === 'fc' || incoming.some((f) => f === null)) return null;
  if (incoming.length === 0) return { size: 1, stride: 1 };
  if (incoming.length > 1) return merged(incoming as ReceptiveField[]);
  return step(l, incoming[0]!);
}
