// relu-on-scores: a RELU (or another activation that clips at 0: RELU6) on the network's class
// scores: after the last FC, at the output or right before the final SOFTMAX.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

export const reluOnScores: Rule = {
  id: 'relu-on-scores',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A RELU (or RELU6) on the final class scores.',
    what:
      'A RELU (or RELU6, which clips at 0 too) after the last FC layer that is the network\'s output, or that feeds the ' +
      'final SOFTMAX (DROPOUT in between counts as nothing).',
    why:
      'The cs231n notes\' pattern ends in a plain FC layer: [FC => RELU]*K => FC. Its outputs are the class scores, which ' +
      'must be free to go negative. A RELU there clips every negative score to 0, so the classes it clips tie, their ' +
      'gradients vanish, and the softmax can no longer tell them apart.',
    fix: 'Remove the RELU after the last FC layer.',
  },
  check(ctx) {
    const { layers, network } = ctx.analysis;
    let end = layers[network.output]!;
    const skip = (l: typeof end): typeof end => {
      let x = l;
      while (traits(x).identityAtInference && x.node.inputs.length === 1) x = layers[x.node.inputs[0]!]!;
      return x;
    };
    end = skip(end);
    if (traits(end).probabilities) end = skip(layers[end.node.inputs[0]!]!);
    if (!traits(end).activation?.clipsAtZero) return [];
    const before = skip(layers[end.node.inputs[0]!]!);
    if (traits(before).affine !== 'dense') return [];
    const out: Diagnostic[] = [layerFinding(this, end, `${end.node.text} after ${before.node.text} clips the network's class scores at 0`, `remove this ${end.node.text}: the last FC layer gives the scores`)];
    return out;
  },
};
