// The rows of the per-layer table: one per layer, and for networks with blocks (bindings used as
// elements, branches) one header row per block carrying the block's subtotals, its layers indented
// under it. `maxDepth` folds deeper blocks into their header row (as torchinfo's depth option).

import { blockTree, type BlockEntry, type LayerEntry } from '../analysis/blocks.js';
import type { Analysis } from '../analysis/analyze.js';
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

function layerRow(e: LayerEntry): Row {
  const l = e.layer;
  return {
    kind: 'layer',
    depth: e.depth,
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

export function tableRows(analysis: Analysis, maxDepth = Infinity): Row[] {
  const rows: Row[] = [];
  const visit = (entries: readonly (LayerEntry | BlockEntry)[]): void => {
    for (const e of entries) {
      if (e.kind === 'layer') rows.push(layerRow(e));
      else {
        rows.push(blockRow(e));
        if (e.depth < maxDepth) visit(e.children);
      }
    }
  };
  visit(blockTree(analysis));
  return rows;
}
