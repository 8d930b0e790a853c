// bias-before-bn: a CONV, LOCAL or FC layer with biases directly followed by BN, which subtracts the
// per-channel mean and so cancels those biases; notation version 2 has `bias=no` for exactly this.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { consumers, plural, traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

export const biasBeforeBn: Rule = {
  id: 'bias-before-bn',
  defaultSeverity: 'note',
  docs: {
    summary: 'Biases right before BN, which cancels them.',
    what: 'A CONV, LOCAL or FC layer with biases whose only consumer is a BN layer.',
    why:
      'Batch normalisation subtracts each channel\'s mean, so a constant added per channel before it (a bias) is removed ' +
      'again; BN\'s own shift takes its place. The biases are parameters that are trained and stored for nothing. ' +
      'torchvision\'s ResNets and GoogLeNet build their convolutions without biases for this reason.',
    fix: 'Write the layer with bias=no: CONV(f=3, k=64, bias=no) => BN => RELU.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const users = consumers(ctx.analysis);
    for (const l of ctx.analysis.layers) {
      if (l.biases === 0 || traits(l).affine === null) continue;
      const next = users[l.node.id]!;
      if (next.length !== 1 || !traits(ctx.analysis.layers[next[0]!]!).cancelsBias) continue;
      const message = `${l.node.text} has ${plural(l.biases, 'bias', 'biases')} that the BN after it cancels`;
      const hint = traits(l).affine === 'dense' ? 'leave the biases out of this layer; BN\'s shift replaces them' : 'add bias=no to this layer';
      out.push(layerFinding(this, l, message, hint));
    }
    return out;
  },
};
