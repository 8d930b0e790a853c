// softmax-not-last: SOFTMAX anywhere but at the network's output.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { consumers, traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

export const softmaxNotLast: Rule = {
  id: 'softmax-not-last',
  defaultSeverity: 'warning',
  docs: {
    summary: 'SOFTMAX anywhere but at the end of the network.',
    what: 'A SOFTMAX layer whose output feeds another layer instead of being the network\'s output.',
    why:
      'SOFTMAX turns the last layer\'s class scores into probabilities; the cs231n notes end every network with the FC ' +
      'layer that computes the class scores ([INPUT - CONV - RELU - POOL - FC]). Inside the network it squeezes the ' +
      'values of a layer into a distribution that sums to 1, which flattens the gradients of everything before it.',
    fix: 'Move SOFTMAX to the end, after the last FC layer, or leave it out: cross-entropy losses apply it themselves.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const users = consumers(ctx.analysis);
    for (const l of ctx.analysis.layers) {
      if (!traits(l).probabilities || l.node.id === ctx.analysis.network.output) continue;
      const next = users[l.node.id]!.map((i) => ctx.analysis.layers[i]!.node.text);
      const message = next.length
        ? `${l.node.text} is not the last layer: ${next.join(', ')} follows it`
        : `${l.node.text} is not the network's output`;
      out.push(layerFinding(this, l, message, 'move SOFTMAX to the end of the network, after the last FC layer'));
    }
    return out;
  },
};
