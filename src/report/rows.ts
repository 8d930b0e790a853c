// The rows of the per-layer table: one per layer, and for networks with blocks (bindings used as
// elements, branches) one header row per block carrying the block's subtotals, its layers indented
// under it. `maxDepth` folds deeper blocks into their header row (as torchinfo's depth option).

import { blockTree, type BlockEntry, type LayerEntry } from '../analysis/blocks.js';
import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import type { ReceptiveField } from '../analysis/receptive-field.js';
import type { Shape } from '../layers/types.js';

export interface Row {
  readonly kind: 'layer' | 'block';
  readonly depth: number;
  /** The layer's index, or '' for a block. */
  readonly index: string;
  /** The layer as written, or the block's name. */
  readonly label: string;
  readonly output: Shape;
  readonly activations: number;
  readonly bytes: number;
  readonly weights: number;
  readonly biases: number;
  readonly macs: number;
  readonly receptiveField: ReceptiveField | null;
}

function layerRow(l: LayerAnalysis, depth: number): Row {
  return {
    kind: 'layer',
    depth,
    index: String(l.node.id),
    label: l.node.text,
    output: l.output,
    activations: l.activations,
    bytes: l.bytes,
    weights: l.weights,
    biases: l.biases,
    macs: l.macs,
    receptiveField: l.receptiveField,
  };
}

function blockRow(e: BlockEntry): Row {
  const s = e.subtotals;
  return {
    kind: 'block',
    depth: e.depth,
    index: '',
    label: e.label,
    output: e.last.output,
    activations: s.activations,
    bytes: s.bytes,
    weights: s.weights,
    biases: s.biases,
    macs: s.macs,
    receptiveField: e.last.receptiveField,
  };
}

/** The rows in order, each made when asked for. */
export interface Rows {
  readonly count: number;
  row(index: number): Row;
  /** Whether some rows are blocks (a network with bindings or branches). */
  readonly blocks: boolean;
}

/** Whether the network has no blocks: every layer is a row of its own, at depth 0. */
function isFlat(analysis: Analysis): boolean {
  return analysis.layers.every((l) => l.node.path.every((f) => f.kind === 'repeat'));
}

/** A network without blocks gets its rows made on demand from its layers: kept, 100,000 rows (and
 *  the block tree's entries) outlived the whole table's making, which cost more than making each
 *  row twice (once for the column widths, once for the text). */
export function tableRows(analysis: Analysis, maxDepth = Infinity): Rows {
  if (isFlat(analysis)) return { count: analysis.layers.length, row: (i) => layerRow(analysis.layers[i]!, 0), blocks: false };
  const rows: Row[] = [];
  const visit = (entries: readonly (LayerEntry | BlockEntry)[]): void => {
    for (const e of entries) {
      if (e.kind === 'layer') rows.push(layerRow(e.layer, e.depth));
      else {
        rows.push(blockRow(e));
        if (e.depth < maxDepth) visit(e.children);
      }
    }
  };
  visit(blockTree(analysis));
  return { count: rows.length, row: (i) => rows[i]!, blocks: true };
}

/** The rows one after another. */
export function* eachRow(rows: Rows): Generator<Row> {
  for (let i = 0; i < rows.count; i++) yield rows.row(i);
}
