// linear-stack: two linear layers (CONV, LOCAL, FC) with no nonlinearity between them. Their
// composition is one linear map, so the pair adds weights and computation but no expressive power.
// Linear layers are the affine kinds; the layers that keep the map linear are those whose kind has
// the trait keepsLinear (DROPOUT, BN, average pooling, additions and concatenations); everything
// else (activations, max and L2 pooling, LRN, SOFTMAX) is a nonlinearity.

import type { LayerAnalysis } from '../../analysis/analyze.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

const isLinear = (l: LayerAnalysis): boolean => traits(l).affine !== null;

/** Fewer weights than a dense 1x1 map between its depths: a grouped (depthwise) convolution. */
const isGrouped = (l: LayerAnalysis): boolean => l.weights < l.input.depth * l.output.depth;

/** A deliberate factorisation, cheaper than the one map it composes to: a depthwise convolution
 *  and a 1x1 (separable convolutions: MobileNet, ShuffleNet, ConvNeXt), or a linear bottleneck whose
 *  middle is narrower than both ends (MobileNetV2), a low-rank map. */
function factorises(before: LayerAnalysis, after: LayerAnalysis): boolean {
  const middle = before.output.depth;
  return isGrouped(before) || isGrouped(after) || (middle < before.input.depth && middle < after.output.depth);
}

/** The first linear layer reached backwards from `id` through layers that keep the map linear. */
function linearBefore(layers: readonly LayerAnalysis[], id: number): LayerAnalysis | null {
  const stack = [...layers[id]!.node.inputs];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const l = layers[stack.pop()!]!;
    if (seen.has(l.node.id)) continue;
    seen.add(l.node.id);
    if (isLinear(l)) return l;
    if (traits(l).keepsLinear) for (const input of l.node.inputs) stack.push(input); // a merge may have 10^5 inputs: no spread
  }
  return null;
}

export const linearStack: Rule = {
  id: 'linear-stack',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Two linear layers with no nonlinearity between them collapse into one.',
    what:
      'A CONV, LOCAL or FC layer whose input comes from another CONV, LOCAL or FC layer with no nonlinearity on the way: ' +
      'directly, or only through DROPOUT, BN, average pooling, additions or concatenations, which are linear (affine) too; ' +
      'unless the pair is a deliberate factorisation (below).',
    why:
      'A linear map of a linear map is a linear map: FC-4096 => FC-1000 computes nothing that one FC-1000 could not, and ' +
      'CONV => CONV is one convolution with a larger filter. The cs231n notes build networks as [CONV => RELU]*N and ' +
      '[FC => RELU]*K precisely so that every layer adds a nonlinearity; the benefit of stacking small filters (4.1) comes ' +
      'from the nonlinearities between them. Deliberate factorisations are linear stacks on purpose and are not reported: ' +
      'a grouped (depthwise) convolution before or after the other layer (separable convolutions: MobileNet, ShuffleNet, ' +
      'ConvNeXt), and a linear bottleneck whose middle depth is narrower than both ends (MobileNetV2): each is cheaper ' +
      'than the one map it composes to. A grouped layer is one with fewer weights than a dense 1x1 map between its depths.',
    fix: 'Put a RELU (or another activation) between the two layers, or merge them into one layer.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const layers = ctx.analysis.layers;
    for (const l of layers) {
      if (!isLinear(l)) continue;
      const before = linearBefore(layers, l.node.id);
      if (!before || factorises(before, l)) continue;
      const where = before.node.span.start.line === l.node.span.start.line ? '' : ` (line ${before.node.span.start.line})`;
      const message = `${l.node.text} follows ${before.node.text}${where} with no nonlinearity between them: the two are one linear map`;
      out.push(layerFinding(this, l, message, `put a RELU between them: ${before.node.text} => RELU => ${l.node.text}`));
    }
    return out;
  },
};
