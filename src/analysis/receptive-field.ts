// Receptive field per side (cs231n 4.1: three stacked 3x3 convs see 7x7): starting from r=1, j=1
// at INPUT, a window of size f and stride s gives r = r_prev + (f-1)*j_prev and j = j_prev*s.
// From the first FC on, every output sees the whole input: the field is null there.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { definitionOf } from '../layers/index.js';
import { add, FigureOverflow, mul } from '../util/exact.js';
import type { ShapedLayer } from './shapes.js';

export interface ReceptiveField {
  /** How many input pixels per side one output element sees. */
  readonly size: number;
  /** How many input pixels per side apart neighbouring outputs are (the effective stride, or jump). */
  readonly stride: number;
}

function step(l: ShapedLayer, previous: ReceptiveField): ReceptiveField {
  const window = definitionOf(l.layer).window?.(l.layer.args as never);
  if (!window) return previous;
  return {
    size: add('receptive field', previous.size, mul('receptive field', window.f - 1, previous.stride)),
    stride: mul('effective stride', previous.stride, window.s),
  };
}

export function receptiveFields(layers: readonly ShapedLayer[]): { values: (ReceptiveField | null)[]; diagnostics: Diagnostic[] } {
  const values: (ReceptiveField | null)[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const l of layers) {
    const previous = l.node.inputs.length === 0 ? { size: 1, stride: 1 } : values[l.node.inputs[0]!];
    if (!previous || l.layer.kind === 'fc') {
      values.push(null);
      continue;
    }
    try {
      values.push(l.node.inputs.length === 0 ? previous : step(l, previous));
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      diagnostics.push(error('figure-too-large', `${l.node.text}: ${e.message}`, 'cnncalc refuses to print an inexact figure', l.node.span));
      values.push(null);
    }
  }
  return { values, diagnostics };
}
