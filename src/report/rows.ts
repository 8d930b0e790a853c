// The rows of the per-layer table: one per layer, and for networks with blocks (bindings used as
// elements, branches) one header row per block carrying the block's subtotals, its layers indented
// under it. `maxDepth` folds deeper blocks into their header row (as torchinfo's depth option).

import { blockTree, type BlockEntry, type LayerEntry } from '../analysis/blocks.js';
import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import type { ReceptiveField } from '../analysis/receptive-field.js';
import { definitionOf } from '../layers/index.js';
import type { Shape } from '../layers/types.js';
import { resolvedLabel } from '../analysis/layer-label.js';

export interface Row {
  readonly kind: 'layer' | 'block';
  readonly depth: number;
  /** The layer's index, or '' for a block. */
  readonly index: string;
  /** The layer as written with its arguments' values (analysis/layer-label.ts), or the block's name. */
  readonly label: string;
  /** The names of the blocks the row sits in, outermost first: ['basic(64)', 'branch 1 of 2']. */
  readonly blockPath: readonly string[];
  /** The layer's analysis; null for a block. */
  readonly layer: LayerAnalysis | null;
  /** The (first) input's shape: the layer's, or the block's first layer's; null for INPUT. */
  readonly input: Shape | null;
  readonly output: Shape;
  readonly activations: number;
  readonly bytes: number;
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  readonly buffers: number;
  readonly macs: number;
  readonly flops: number;
  readonly receptiveField: ReceptiveField | null;
}

const TOP: readonly string[] = [];

/** The window's size, width by height, for CONV, LOCAL and POOL rows; null for the other layers
 *  and blocks. Worked out only for tables that show it: a long table's rows are made twice. */
export function kernelOf(row: Row): { readonly width: number; readonly height: number } | null {
  const l = row.layer;
  const windows = l ? definitionOf(l.layer).windows?.(l.layer.args as never, l.input) : undefined;
  return windows ? { width: windows.width.f, height: windows.height.f } : null;
}

function layerRow(l: LayerAnalysis, depth: number, blockPath: readonly string[]): Row {
  return {
    kind: 'layer',
    depth,
    index: String(l.node.id),
    label: resolvedLabel(l.node),
    blockPath,
    layer: l,
    input: l.layer.kind === 'input' ? null : l.input,
    output: l.output,
    activations: l.activations,
    bytes: l.bytes,
    weights: l.weights,
    biases: l.biases,
    params: l.params,
    buffers: l.buffers,
    macs: l.macs,
    flops: l.flops,
    receptiveField: l.receptiveField,
  };
}

/** A block's first layer, whose input is the block's input. */
function firstLayer(e: BlockEntry): LayerAnalysis {
  const first = e.children[0]!;
  return first.kind === 'layer' ? first.layer : firstLayer(first);
}

function blockRow(e: BlockEntry, blockPath: readonly string[]): Row {
  const s = e.subtotals;
  return {
    kind: 'block',
    depth: e.depth,
    index: '',
    label: e.label,
    blockPath,
    layer: null,
    input: firstLayer(e).input,
    output: e.last.output,
    activations: s.activations,
    bytes: s.bytes,
    weights: s.weights,
    biases: s.biases,
    params: s.params,
    buffers: s.buffers,
    macs: s.macs,
    flops: s.flops,
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
  if (isFlat(analysis)) return { count: analysis.layers.length, row: (i) => layerRow(analysis.layers[i]!, 0, TOP), blocks: false };
  const rows: Row[] = [];
  const visit = (entries: readonly (LayerEntry | BlockEntry)[], path: readonly string[]): void => {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.kind === 'layer') rows.push(layerRow(e.layer, e.depth, path));
      else {
        rows.push(blockRow(e, path));
        if (e.depth < maxDepth) visit(e.children, [...path, e.label]);
      }
    }
  };
  visit(blockTree(analysis), TOP);
  return { count: rows.length, row: (i) => rows[i]!, blocks: true };
}

/** The rows one after another. */
export function* eachRow(rows: Rows): Generator<Row> {
  for (let i = 0; i < rows.count; i++) yield rows.row(i);
}
