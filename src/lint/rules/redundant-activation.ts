// redundant-activation: an activation directly after another (RELU => RELU). An activation that
// clips at 0 is the identity between 0 and its ceiling (RELU: no ceiling; RELU6: 6), so it does
// nothing at all on an input that already lies there: RELU after RELU, RELU6 or SIGMOID (also through
// layers that keep the sign: DROPOUT, max pooling), RELU6 after RELU6, SIGMOID or HSIGMOID. RELU6
// after RELU still clips at 6, and DROPOUT's 1/(1-p) scaling can pass 6, so those are not no-ops.
// Any other pair of activations in a row squashes twice. Kinds are told apart by their traits
// (layers/types.ts LintTraits).

import type { LayerAnalysis } from '../../analysis/analyze.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LintTraits } from '../../layers/types.js';
import { traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

type Activation = NonNullable<LintTraits['activation']>;

const nonNegative = (l: LayerAnalysis): boolean => traits(l).activation?.nonNegative === true;

/** The largest value an activation gives (Infinity: unbounded). */
const upperBound = (a: Activation): number => (a.unitInterval ? 1 : (a.ceiling ?? Infinity));

/** `a` leaves every output of `prev` as it is. */
const identityOn = (a: Activation, prev: Activation): boolean => a.clipsAtZero && prev.nonNegative && upperBound(prev) <= (a.ceiling ?? Infinity);

export const redundantActivation: Rule = {
  id: 'redundant-activation',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An activation directly after another one.',
    what:
      'An activation (RELU, RELU6, TANH, SIGMOID, SILU, HSWISH, HSIGMOID, GELU) whose input is the output of another activation. ' +
      'A RELU is also reported when only DROPOUT or max pooling stand between it and a RELU, RELU6, SIGMOID or HSIGMOID: ' +
      'their outputs are never negative either.',
    why:
      'RELU is idempotent: RELU => RELU computes the same as one RELU, and a RELU after a layer whose outputs are already ' +
      'non-negative is the identity; so is a RELU6 after a RELU6, SIGMOID or HSIGMOID, whose outputs lie within [0, 6]. ' +
      'It costs time and memory and usually marks a copy-and-paste slip. Two different activations in a row (RELU => ' +
      'RELU6 included: the RELU changes nothing there) squash the values twice without a layer to learn anything in ' +
      'between. The notes\' pattern is one activation per layer: [CONV => RELU]*N.',
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
      if (activation.clipsAtZero && activation.ceiling === null) {
        while (traits(prev).keepsSign && prev.node.inputs.length === 1) {
          through.push(prev.node.text);
          prev = layers[prev.node.inputs[0]!]!;
        }
        if (through.length > 0 && !nonNegative(prev)) continue;
      }
      const before = traits(prev).activation;
      if (!before) continue;
      const within = activation.ceiling === null ? 'is never negative' : `never leaves [0, ${activation.ceiling}]`;
      const via = through.length ? ` through ${through.join(' => ')}` : ' directly';
      const message = identityOn(activation, before)
        ? `${l.node.text} follows ${prev.node.text}${via}: its input ${within}, so it does nothing`
        : `${l.node.text} follows ${prev.node.text} directly: two activations in a row`;
      out.push(layerFinding(this, l, message, `remove this ${l.node.text}, or put the missing layer between the two`));
    }
    return out;
  },
};
