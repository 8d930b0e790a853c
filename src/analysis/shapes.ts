// Shape inference: each layer's resolved arguments (defaults applied against its input shape), its
// input and output shapes, and for sliding windows how the window fits each side. An output side
// below 1 is an error that names the layer, its input and the formula.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { LAYERS } from '../layers/index.js';
import type { LayerDef, LayerKind, ResolvedLayer, Shape } from '../layers/types.js';
import { explainWindow, fitWindow, type WindowFit } from '../layers/window.js';
import type { Network, NetworkNode } from '../notation/network.js';
import { FigureOverflow } from '../util/exact.js';

export interface ShapedLayer {
  readonly node: NetworkNode;
  readonly layer: ResolvedLayer;
  readonly input: Shape;
  readonly output: Shape;
  /** How the sliding window fits the width and the height; empty for layers without a window. */
  readonly fits: readonly WindowFit[];
}

export interface ShapesResult {
  /** Null when some shape could not be inferred. */
  readonly layers: readonly ShapedLayer[] | null;
  readonly diagnostics: readonly Diagnostic[];
}

function shapeText(s: Shape): string {
  return `${s.width}x${s.height}x${s.depth}`;
}

function shapeOne(node: NetworkNode, input: Shape): ShapedLayer | Diagnostic {
  const def = LAYERS[node.kind] as unknown as LayerDef<LayerKind>;
  const args = def.resolve(node.given, input);
  const window = def.window?.(args);
  const fits = window ? [fitWindow('width', input.width, window), fitWindow('height', input.height, window)] : [];
  const tooSmall = fits.find((f) => f.output < 1);
  if (tooSmall) {
    return error(
      'output-too-small',
      `${node.text} gets a ${shapeText(input)} input: output ${tooSmall.side} = ${explainWindow(tooSmall)}, below 1`,
      'use a smaller window or stride, more padding, or fewer pooling layers before this one',
      node.span,
    );
  }
  const output = def.outputShape(args, input);
  const layer = { kind: node.kind, args } as ResolvedLayer;
  return { node, layer, input, output, fits };
}

export function inferShapes(network: Network): ShapesResult {
  const layers: ShapedLayer[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const node of network.nodes) {
    const source = node.inputs[0];
    const input = source === undefined ? { width: 0, height: 0, depth: 0 } : layers[source]?.output;
    if (!input) break; // an earlier layer failed; its error is already reported
    try {
      const shaped = shapeOne(node, input);
      if ('code' in shaped) {
        diagnostics.push(shaped);
        break;
      }
      layers.push(shaped);
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      diagnostics.push(error('figure-too-large', `${node.text}: ${e.message}`, 'cnncalc refuses to print an inexact figure; use smaller sizes', node.span));
      break;
    }
  }
  return { layers: diagnostics.length > 0 ? null : layers, diagnostics };
}
