// Shape inference: each layer's resolved arguments (defaults applied against its input shape), its
// input and output shapes, and for sliding windows how the window fits each side. An output side
// below 1 is an error that names the layer, its input and the formula; so are arguments that cannot
// work on the input (groups that do not divide the depth) and merges whose branches do not fit.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { LAYERS } from '../layers/index.js';
import type { LayerDef, LayerKind, ResolvedLayer, Shape } from '../layers/types.js';
import { explainWindow, fitWindow, type WindowFit } from '../layers/window.js';
import type { NetworkNode } from '../notation/network.js';
import { FigureOverflow } from '../util/exact.js';

export interface ShapedLayer {
  readonly node: NetworkNode;
  readonly layer: ResolvedLayer;
  /** The shape of the first input (the only one but for merges). */
  readonly input: Shape;
  /** Every input's shape, in the order of node.inputs. */
  readonly inputs: readonly Shape[];
  readonly output: Shape;
  /** How the sliding window fits the width and the height; empty for layers without a window. */
  readonly fits: readonly WindowFit[];
}

const NO_FITS: readonly WindowFit[] = [];

function shapeText(s: Shape): string {
  return `${s.width}x${s.height}x${s.depth}`;
}

/** Where to point for a merge whose branches do not fit: the first branch that differs. */
function mergeSpan(node: NetworkNode, inputs: readonly Shape[]): NetworkNode['span'] {
  const odd = inputs.findIndex((s) => s.width !== inputs[0]!.width || s.height !== inputs[0]!.height || (node.kind === 'add' && s.depth !== inputs[0]!.depth));
  return node.branchSpans?.[odd] ?? node.span;
}

function shapeOne(node: NetworkNode, inputs: readonly Shape[]): ShapedLayer | Diagnostic {
  const def = LAYERS[node.kind] as unknown as LayerDef<LayerKind>;
  const input = inputs[0] ?? { width: 0, height: 0, depth: 0 };
  const args = def.resolve(node.given, input, inputs);
  const problem = def.check?.(args, input, inputs);
  if (problem) {
    const merge = def.category === 'merge'; // a merge, or a split's slice: the branches do not fit
    return merge ? error('branch-mismatch', problem, mergeSpan(node, inputs)) : error('bad-argument', `${node.text}: ${problem}`, 'change the arguments so that they fit the input', node.span);
  }
  const windows = def.windows?.(args, input);
  const fits = windows ? [fitWindow('width', input.width, windows.width), fitWindow('height', input.height, windows.height)] : NO_FITS;
  const tooSmall = fits.find((f) => f.output < 1);
  if (tooSmall) {
    return error(
      'output-too-small',
      `${node.text} gets a ${shapeText(input)} input: output ${tooSmall.side} = ${explainWindow(tooSmall)}, below 1`,
      node.span,
    );
  }
  const output = def.outputShape(args, input, inputs);
  const layer = { kind: node.kind, args } as ResolvedLayer;
  return { node, layer, input, inputs, output, fits };
}

/** The shapes of one layer, given its inputs' shapes, or the error that stops the analysis there. */
export function shapeLayer(node: NetworkNode, inputs: readonly Shape[]): ShapedLayer | Diagnostic {
  try {
    return shapeOne(node, inputs);
  } catch (e) {
    if (!(e instanceof FigureOverflow)) throw e;
    return error('figure-too-large', `${node.text}: ${e.message}`, 'cnncalc refuses to print an inexact figure; use smaller sizes', node.span);
  }
}
