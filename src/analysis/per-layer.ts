// Runs a formula over every layer; a figure above 2^53 - 1 becomes an error at that layer.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { definitionOf } from '../layers/index.js';
import type { LayerDef, LayerKind } from '../layers/types.js';
import { FigureOverflow } from '../util/exact.js';
import type { ShapedLayer } from './shapes.js';

export interface PassResult<T> {
  readonly values: readonly T[];
  readonly diagnostics: readonly Diagnostic[];
}

export function perLayer<T>(
  layers: readonly ShapedLayer[],
  formula: (def: LayerDef<LayerKind>, layer: ShapedLayer) => T,
  fallback: T,
): PassResult<T> {
  const diagnostics: Diagnostic[] = [];
  const values = layers.map((l) => {
    try {
      return formula(definitionOf(l.layer), l);
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      diagnostics.push(error('figure-too-large', `${l.node.text}: ${e.message}`, 'cnncalc refuses to print an inexact figure; use smaller sizes', l.node.span));
      return fallback;
    }
  });
  return { values, diagnostics };
}
