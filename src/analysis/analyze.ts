// The analysis pipeline: the passes in order, each a pure function over the expanded network.
// Shapes come first (every other pass needs them); the others are independent of each other.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import type { ResolvedLayer, Shape } from '../layers/types.js';
import type { WindowFit } from '../layers/window.js';
import type { Network, NetworkNode } from '../notation/network.js';
import { FigureOverflow } from '../util/exact.js';
import { countCosts } from './costs.js';
import type { Dtype } from './dtype.js';
import { countMemory } from './memory.js';
import { countParams } from './params.js';
import { receptiveFields, type ReceptiveField } from './receptive-field.js';
import { inferShapes } from './shapes.js';
import { computeTotals, type Totals } from './totals.js';

export interface LayerAnalysis {
  readonly node: NetworkNode;
  readonly layer: ResolvedLayer;
  readonly input: Shape;
  readonly inputs: readonly Shape[];
  readonly output: Shape;
  readonly fits: readonly WindowFit[];
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  readonly buffers: number;
  readonly macs: number;
  readonly flops: number;
  readonly activations: number;
  readonly bytes: number;
  readonly receptiveField: ReceptiveField | null;
}

export interface Analysis {
  readonly network: Network;
  readonly dtype: Dtype;
  /** One entry per network node, INPUT first. */
  readonly layers: readonly LayerAnalysis[];
  readonly totals: Totals;
}

export interface AnalyzeResult {
  readonly analysis: Analysis | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface AnalyzeOptions {
  readonly dtype?: Dtype;
}

/** A layer whose weights overflow usually overflows its MACs and bytes too: report the first only. */
function firstOverflowPerLayer(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  return diagnostics.filter((d) => {
    if (d.code !== 'figure-too-large') return true;
    const at = d.span.start.offset;
    if (seen.has(at)) return false;
    seen.add(at);
    return true;
  });
}

export function analyze(network: Network, options: AnalyzeOptions = {}): AnalyzeResult {
  const dtype = options.dtype ?? 'fp32';
  const shapes = inferShapes(network);
  if (!shapes.layers) return { analysis: null, diagnostics: shapes.diagnostics };
  const shaped = shapes.layers;
  const params = countParams(shaped);
  const costs = countCosts(shaped);
  const memory = countMemory(shaped, dtype);
  const fields = receptiveFields(shaped);
  const diagnostics = firstOverflowPerLayer([...params.diagnostics, ...costs.diagnostics, ...memory.diagnostics, ...fields.diagnostics]);
  if (diagnostics.length > 0) return { analysis: null, diagnostics };

  // Written out rather than spread: one object shape for every layer keeps 200,000-layer networks fast.
  const layers = shaped.map((s, i): LayerAnalysis => {
    const p = params.values[i]!;
    const c = costs.values[i]!;
    const m = memory.values[i]!;
    return {
      node: s.node,
      layer: s.layer,
      input: s.input,
      inputs: s.inputs,
      output: s.output,
      fits: s.fits,
      weights: p.weights,
      biases: p.biases,
      params: p.params,
      buffers: p.buffers,
      macs: c.macs,
      flops: c.flops,
      activations: m.activations,
      bytes: m.bytes,
      receptiveField: fields.values[i]!,
    };
  });
  try {
    return { analysis: { network, dtype, layers, totals: computeTotals(layers) }, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof FigureOverflow)) throw e;
    const span = network.ast.network?.span ?? network.nodes[0]!.span;
    return { analysis: null, diagnostics: [error('figure-too-large', `the network's total ${e.message}`, 'cnncalc refuses to print an inexact figure', span)] };
  }
}
