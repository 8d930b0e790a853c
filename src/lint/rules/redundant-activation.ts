// redundant-activation: an activation directly after another (RELU => RELU). An activation that
// clips at 0 (RELU) on an input that is already non-negative (after RELU or SIGMOID, also through
// layers that keep the sign: DROPOUT, max pooling) does nothing at all; any other pair of activations
// in a row squashes twice. Kinds are told apart by their traits (layers/types.ts LintTraits).

import type { LayerAnalysis } from '../../analysis/analyze.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

const nonNegative = (l: LayerAnalysis): boolean => traits(l).activation?.nonNegative === true;

export const redundantActivation: Rule = {
  id: 'redundant-activation',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An activation directly after another one.',
    what:
      'An activation (RELU, TANH, SIGMOID) whose input is the output of another activation. A RELU is also reported ' +
      'when only DROPOUT or max pooling stand between it and a RELU or SIGMOID: their outputs are never negative either.',
    why:
      'RELU is idempotent: RELU => RELU computes the same as one RELU, and a RELU after a layer whose outputs are already ' +
      'non-negative is the identity; it costs time and memory and usually marks a copy-and-paste slip. Two different ' +
      'activations in a row squash the values twice without a layer to learn anything in between. The notes\' pattern ' +
      'is one activation per layer: [CONV => RELU]*N.',
    fix: 'Remove the second activation, or put the layer that was meant to be between them back.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const layers = ctx.analysis.layers;
    for (const l of layers) {
      const activation = traits(l).activation;
      if (!activation || l.node.inputs.length !== 1) continue;
      let prev = layers[l.node.inputs[0]!]!;
      const through: string[] = [];
      if (activation.clipsAtZero) {
        while (traits(prev).keepsSign && prev.node.inputs.length === 1) {
          through.push(prev.node.text);
          prev = layers[prev.node.inputs[0]!]!;
        }
        if (through.length > 0 && !nonNegative(prev)) continue;
      }
      if (!traits(prev).activation) continue;
      const noop = activation.clipsAtZero && nonNegative(prev);
      const via = through.length ? ` through ${through.join(' => ')}` : ' directly';
      const message = noop
        ? `${l.node.text} follows ${prev.node.text}${via}: its input is never negative, so it does nothing`
        : `${l.node.text} follows ${prev.node.text} directly: two activations in a row`;
      out.push(layerFinding(this, l, message, `remove this ${l.node.text}, or put the missing layer between the two`));
    }
    return out;
  },
};
