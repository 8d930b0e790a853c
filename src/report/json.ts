// The machine-readable report of `table`, and the names every JSON output shares. `schemaVersion`
// (one for all of cnncalc's JSON outputs, docs/schema/) changes only when a name changes meaning or
// goes away; new names may be added within a version. Version 2: a layer is `id` (0 = INPUT) and
// `text` (as written) everywhere, and `path` is the list of frames, `pathText` the same for people.

import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import { describePath, type PathFrame } from '../notation/network.js';
import { blockTree, type BlockEntry, type LayerEntry } from '../analysis/blocks.js';
import { jsonLines, lazyArray } from './json-lines.js';
import type { Lines } from './lines.js';

export const SCHEMA_VERSION = 2;

/** A layer's repetition path as data: the repeats, binding uses and branches it sits in, outermost first. */
export function pathJson(path: readonly PathFrame[]) {
  return path.map((f) => {
    if (f.kind === 'binding') return { binding: f.name, ...(f.args ? { args: f.args } : {}) };
    if (f.kind === 'branch') return { branch: f.index, of: f.count, merge: f.merge };
    if (f.kind === 'side') return { side: f.index, of: f.count };
    return { iteration: f.iteration, count: f.count, position: f.position, length: f.length };
  });
}

function layerJson(l: LayerAnalysis) {
  return {
    id: l.node.id,
    text: l.node.text,
    kind: l.layer.kind,
    category: definitionOf(l.layer).category,
    args: definitionOf(l.layer).argsJson?.(l.layer.args as never) ?? l.layer.args,
    line: l.node.span.start.line,
    column: l.node.span.start.column,
    path: pathJson(l.node.path),
    pathText: describePath(l.node.path),
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
    ...(l.node.shares !== undefined ? { shares: l.node.shares } : {}),
  };
}

function layerIds(entries: readonly (LayerEntry | BlockEntry)[]): number[] {
  return entries.flatMap((x) => (x.kind === 'layer' ? [x.layer.node.id] : layerIds(x.children)));
}

/** Blocks (binding uses, branches) as a flat list, outer before inner: label, nesting depth, the
 *  layers they hold, subtotals. */
function* blockEntries(entries: readonly (LayerEntry | BlockEntry)[]): Generator<BlockEntry> {
  for (const e of entries) {
    if (e.kind === 'layer') continue;
    yield e;
    yield* blockEntries(e.children);
  }
}

const blockJson = (e: BlockEntry) => ({ label: e.label, depth: e.depth, layers: layerIds(e.children), output: e.last.output, ...e.subtotals });

/** The report as data; its arrays are made as they are read (json-lines.ts), so that writing it with
 *  jsonReportLines holds one layer's object at a time. JSON.stringify reads them as arrays. */
export function reportJson(analysis: Analysis, file: string | null) {
  return {
    schemaVersion: SCHEMA_VERSION,
    file,
    dtype: analysis.dtype,
    layers: lazyArray(analysis.layers, layerJson),
    blocks: lazyArray({ [Symbol.iterator]: () => blockEntries(blockTree(analysis)) }, blockJson),
    totals: analysis.totals,
    ...(analysis.network.sideOutputs.length > 0 ? { sideOutputs: analysis.network.sideOutputs } : {}),
  };
}

/** The report as JSON lines, for networks of any length (the CLI writes them in chunks). */
export function jsonReportLines(analysis: Analysis, file: string | null): Lines {
  return jsonLines(reportJson(analysis, file));
}

/** The report as one JSON text: fine for a library caller's network, too long for V8's strings
 *  from about 500,000 layers on (use jsonReportLines there). */
export function renderJson(analysis: Analysis, file: string | null): string {
  return JSON.stringify(reportJson(analysis, file), null, 2) + '\n';
}
