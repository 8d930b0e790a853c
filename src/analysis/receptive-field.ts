// Receptive field per side, folded from INPUT (1 pixel, jump 1) through each layer's own step
// (layers/<kind>.ts receptiveField, layers/field.ts): a window grows it, FC ends it (null: from
// there on every output sees the whole input). At a merge the field is the largest over the
// branches; branches whose effective strides differ are recorded (their outputs line up on
// different grids), and the merge keeps the largest stride. Sizes and strides are exact rationals
// (util/ratio.ts): an upsampling divides the jump.

import { definitionOf } from '../layers/index.js';
import type { ReceptiveField, Windows } from '../layers/types.js';
import { compare, larger, type Rational } from '../util/ratio.js';
import type { ShapedLayer } from './shapes.js';

export type { ReceptiveField } from '../layers/types.js';

// Folds, not Math.max(...): a merge can have hundreds of thousands of inputs, past the arguments a
// call can take (a RangeError).
function merged(fields: readonly ReceptiveField[]): ReceptiveField {
  const size = fields.reduce<Rational>((m, f) => larger(m, f.size), 0);
  const strides = fields.map((f) => f.stride);
  const stride = strides.reduce<Rational>((m, s) => larger(m, s), 0);
  return strides.every((s) => compare(s, strides[0]!) === 0) ? { size, stride } : { size, stride, strideConflict: strides };
}

/** The layer's windows as shape inference fitted them, or null. */
function fittedWindows(l: ShapedLayer): Windows | null {
  const width = l.fits[0];
  const height = l.fits[1];
  return width && height ? { width: width.window, height: height.window } : null;
}

/** The field of layer `l`, given the fields of the layers before it (indexed by node id); null from
 *  the first FC on. Throws FigureOverflow when a figure is not exact. */
export function receptiveFieldOf(l: ShapedLayer, before: readonly (ReceptiveField | null)[]): ReceptiveField | null {
  const incoming = l.node.inputs.map((i) => before[i] ?? null);
  if (incoming.length === 0) return { size: 1, stride: 1 };
  if (incoming.some((f) => f === null)) return null;
  const previous = incoming.length > 1 ? merged(incoming as ReceptiveField[]) : incoming[0]!;
  return definitionOf(l.layer).receptiveField(l.layer.args, previous, fittedWindows(l), l.input, l.output);
}
