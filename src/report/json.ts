// The machine-readable report. `schemaVersion` changes only when a name below changes meaning or
// goes away; new names may be added within a version.

import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import { describePath } from '../notation/network.js';
import { blockTree, type BlockEntry, type LayerEntry } from '../analysis/blocks.js';

export const SCHEMA_VERSION = 1;

function layerJson(l: LayerAnalysis) {
  return {
    index: l.node.id,
    name: l.node.text,
    kind: l.layer.kind,
    category: definitionOf(l.layer).category,
    args: l.layer.args,
    line: l.node.span.start.line,
    column: l.node.span.start.column,
    path: describePath(l.node.path),
    inputs: l.node.inputs,
    input: l.input,
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
    inputShapes: l.inputs,
    window: l.fits.map((f) => ({ side: f.side, exact: f.exact, output: f.output, clean: f.clean, uncoveredInput: f.uncoveredInput })),
  };
}

/** Blocks (binding uses, branches) as a flat list: name, nesting depth, the layers they hold, subtotals. */
function blocksJson(entries: readonly (LayerEntry | BlockEntry)[], out: object[] = []): object[] {
  for (const e of entries) {
    if (e.kind === 'layer') continue;
    const ids = (function collect(es: readonly (LayerEntry | BlockEntry)[]): number[] {
      return es.flatMap((x) => (x.kind === 'layer' ? [x.layer.node.id] : collect(x.children)));
    })(e.children);
    out.push({ name: e.label, depth: e.depth, layers: ids, output: e.last.output, ...e.subtotals });
    blocksJson(e.children, out);
  }
  return out;
}

export function reportJson(analysis: Analysis, file: string | null) {
  return {
    schemaVersion: SCHEMA_VERSION,
    file,
    dtype: analysis.dtype,
    layers: analysis.layers.map(layerJson),
    blocks: blocksJson(blockTree(analysis)),
    totals: analysis.totals,
  };
}

export function renderJson(analysis: Analysis, file: string | null): string {
  return JSON.stringify(reportJson(analysis, file), null, 2) + '\n';
}
