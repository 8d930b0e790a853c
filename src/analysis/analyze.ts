// The analysis pipeline: for each layer in order, its shapes (from its inputs' shapes), then its
// parameters, costs, memory and receptive field, each a pure function in its own file (the
// receptive field also reads the fields before it), then the network's totals.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { definitionOf } from '../layers/index.js';
import type { ResolvedLayer, Shape } from '../layers/types.js';
import type { WindowFit } from '../layers/window.js';
import type { Network, NetworkNode } from '../notation/network.js';
import { sharedMismatch } from './shared.js';
import { FigureOverflow } from '../util/exact.js';
import { layerCosts } from './costs.js';
import type { Dtype } from './dtype.js';
import { layerMemory } from './memory.js';
import { layerParams } from './params.js';
import { receptiveFieldOf, type ReceptiveField } from './receptive-field.js';
import { shapeLayer, type ShapedLayer } from './shapes.js';
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

/** Every figure of one layer. Written out rather than spread: one object shape for every layer. */
function analyseLayer(s: ShapedLayer, dtype: Dtype, fieldsBefore: readonly (ReceptiveField | null)[]): LayerAnalysis {
  const def = definitionOf(s.layer);
  const p = layerParams(def, s);
  const c = layerCosts(def, s);
  const m = layerMemory(s, dtype);
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
    receptiveField: receptiveFieldOf(s, fieldsBefore),
  };
}

export function analyze(network: Network, options: AnalyzeOptions = {}): AnalyzeResult {
  const dtype = options.dtype ?? 'fp32';
  // sized once: growing 100,000-entry arrays an entry at a time copies them again and again, and
  // fresh memory is dear (bench/startup.mjs)
  const count = network.nodes.length;
  const layers: LayerAnalysis[] = new Array(count);
  const outputs: Shape[] = new Array(count);
  const fields: (ReceptiveField | null)[] = new Array(count);
  const diagnostics: Diagnostic[] = [];
  // One loop over the layers, each pass a function of one layer: nothing per layer outlives the
  // loop but its LayerAnalysis (intermediate results kept alive cost more than the arithmetic on
  // 100,000-layer networks). A shape error stops the analysis; a figure too large for one layer
  // does not stop the next layers' checks.
  for (let i = 0; i < count; i++) {
    const node = network.nodes[i]!;
    const shaped = shapeLayer(node, node.inputs.map((id) => outputs[id]!));
    if ('code' in shaped) return { analysis: null, diagnostics: [...diagnostics, shaped] };
    const mismatch = node.shares === undefined ? null : sharedMismatch(shaped, layers[node.shares]!);
    if (mismatch) return { analysis: null, diagnostics: [...diagnostics, mismatch] };
    outputs[i] = shaped.output;
    try {
      const layer = analyseLayer(shaped, dtype, fields);
      fields[i] = layer.receptiveField;
      layers[i] = layer; // a layer that fails leaves a hole, but then there is no analysis
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      diagnostics.push(error('figure-too-large', `${node.text}: ${e.message}`, 'cnncalc refuses to print an inexact figure; use smaller sizes', node.span));
      fields[i] = null;
    }
  }
  if (diagnostics.length > 0) return { analysis: null, diagnostics };
  try {
    return { analysis: { network, dtype, layers, totals: computeTotals(layers) }, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof FigureOverflow)) throw e;
    const span = network.ast.network?.span ?? network.nodes[0]!.span;
    return { analysis: null, diagnostics: [error('figure-too-large', `the network's total ${e.message}`, 'cnncalc refuses to print an inexact figure', span)] };
  }
}
