// Weight sharing (`let shared tower = ...`, notation version 3): a layer in a later use of a shared
// binding computes with the weights of its counterpart in the first use, so its parameter tensors
// must have the same shapes (a convolution's depend on its input depth). Its own rows count no
// parameters: they are the first use's, counted once.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { definitionOf } from '../layers/index.js';
import type { Span } from '../diagnostics/span.js';
import type { Shape } from '../layers/types.js';
import type { ShapedLayer } from './shapes.js';

const shapeText = (s: Shape): string => `${s.width}x${s.height}x${s.depth}`;

function parameterShapes(s: ShapedLayer): string {
  return definitionOf(s.layer)
    .parameters(s.layer.args, s.input, s.output)
    .map((p) => `${p.name}[${p.shape.join(',')}]`)
    .join(' ');
}

/** The use of the binding a layer came from (its innermost binding frame), or the layer itself. */
function useOf(s: ShapedLayer): { name: string; span: Span } {
  const path = s.node.path;
  for (let i = path.length - 1; i >= 0; i--) {
    const f = path[i]!;
    if (f.kind === 'binding') return f;
  }
  return { name: s.node.text, span: s.node.span };
}

/** Why `layer` cannot take the weights of `owner`, the layer of the first use it shares them with. */
export function sharedMismatch(layer: ShapedLayer, owner: ShapedLayer): Diagnostic | null {
  if (parameterShapes(layer) === parameterShapes(owner)) return null;
  const use = useOf(layer);
  const first = useOf(owner).span.start;
  return error(
    'shared-mismatch',
    `${layer.node.text} in this use of shared ${use.name} gets a ${shapeText(layer.input)} input, but the weights it shares were made for ${shapeText(owner.input)} (the first use, at ${first.line}:${first.column})`,
    use.span,
  );
}
