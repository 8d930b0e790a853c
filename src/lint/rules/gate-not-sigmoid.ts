// gate-not-sigmoid: a product { A & B } whose 1 x 1 x D branch (a squeeze-and-excitation gate) does
// not end in a function whose output lies in [0, 1] (SIGMOID, HSIGMOID).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';
import type { LayerAnalysis } from '../../analysis/analyze.js';

export const gateNotSigmoid: Rule = {
  id: 'gate-not-sigmoid',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A channel gate (the 1x1xD branch of { A & B }) that does not end in SIGMOID or HSIGMOID.',
    what:
      'A product of branches where one branch gives 1 x 1 x D and scales the other W x H x D branch, and that branch ' +
      'does not end in an activation whose output lies in [0, 1] (DROPOUT in between counts as nothing).',
    why:
      'Squeeze-and-excitation (Hu et al. 2018), as EfficientNet, MobileNetV3 and RegNetY use it, rescales each channel ' +
      'by a weight in [0, 1]: a sigmoid (or its piecewise-linear hard sigmoid) after the excitation layers. A RELU or no ' +
      'activation there lets the gate grow without bound and flip or amplify channels, and a TANH lets it go negative: ' +
      'the block no longer recalibrates, it multiplies activations by activations, which makes training unstable.',
    fix: 'End the gate branch with SIGMOID (or HSIGMOID, as MobileNetV3 does).',
  },
  check(ctx) {
    const { layers } = ctx.analysis;
    const findings: Diagnostic[] = [];
    for (const product of layers) {
      if (!traits(product).gates) continue;
      for (const id of product.node.inputs) {
        const gate = layers[id]!;
        const broadcast = gate.output.width * gate.output.height === 1 && product.output.width * product.output.height > 1;
        if (!broadcast) continue;
        const end = lastNonIdentity(layers, gate);
        if (traits(end).activation?.unitInterval) continue;
        const what = traits(end).activation ? `ends in ${end.node.text}` : `ends in ${end.node.text}, with no activation`;
        findings.push(layerFinding(this, end, `this gate of a product (1x1x${gate.output.depth} over ${product.output.width}x${product.output.height}) ${what}, not in a function whose output lies in [0, 1]`, 'end the gate with SIGMOID or HSIGMOID'));
      }
    }
    return findings;
  },
};

function lastNonIdentity(layers: readonly LayerAnalysis[], l: LayerAnalysis): LayerAnalysis {
  let x = l;
  while (traits(x).identityAtInference && x.node.inputs.length === 1) x = layers[x.node.inputs[0]!]!;
  return x;
}
