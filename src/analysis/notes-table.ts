// The cs231n notes' view of a network (their VGG16 table): layers that keep the shape and hold no
// parameters (activations, dropout, normalisation) are folded into the row before them, and the
// totals are the exact sums of the rows that remain, input included.

import { definitionOf } from '../layers/index.js';
import type { LayerDef, LayerKind, Shape } from '../layers/types.js';
import { mul, sum } from '../util/exact.js';
import { DTYPE_BYTES } from './dtype.js';
import type { Analysis, LayerAnalysis } from './analyze.js';

export interface NotesRow {
  /** CONV3-64, POOL2, FC, INPUT. */
  readonly name: string;
  readonly output: Shape;
  readonly activations: number;
  readonly weights: number;
  readonly biases: number;
  /** The notes' weight formula: (3*3*3)*64, 7*7*512*4096, 0. */
  readonly weightsFormula: string;
  /** The analysed layers shown in this row: the layer and those folded into it. */
  readonly layers: readonly LayerAnalysis[];
}

export interface NotesTable {
  readonly rows: readonly NotesRow[];
  readonly totalActivations: number;
  /** totalActivations in bytes of the analysis' dtype. */
  readonly totalBytes: number;
  readonly bytesPerElement: number;
  readonly totalWeights: number;
  readonly totalParams: number;
}

function folds(l: LayerAnalysis): boolean {
  const category = definitionOf(l.layer).category;
  return (category === 'activation' || category === 'dropout' || category === 'normalization') && l.params === 0;
}

export function notesTable(analysis: Analysis): NotesTable {
  const rows: { first: LayerAnalysis; layers: LayerAnalysis[] }[] = [];
  for (const l of analysis.layers) {
    const last = rows[rows.length - 1];
    if (last && folds(l)) last.layers.push(l);
    else rows.push({ first: l, layers: [l] });
  }
  const notesRows = rows.map(({ first, layers }) => {
    const def = definitionOf(first.layer) as LayerDef<LayerKind>;
    return {
      name: def.notesName(first.layer.args),
      output: first.output,
      activations: first.activations,
      weights: first.weights,
      biases: first.biases,
      weightsFormula: def.weightsFormula(first.layer.args, first.input, first.output),
      layers,
    };
  });
  const totalActivations = sum('activations', notesRows.map((r) => r.activations));
  const bytesPerElement = DTYPE_BYTES[analysis.dtype];
  return {
    rows: notesRows,
    totalActivations,
    totalBytes: mul('bytes', totalActivations, bytesPerElement),
    bytesPerElement,
    totalWeights: sum('weights', notesRows.map((r) => r.weights)),
    totalParams: analysis.totals.params,
  };
}
