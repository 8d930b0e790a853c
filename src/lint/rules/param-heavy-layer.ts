// param-heavy-layer: one layer holds more than half of all the network's parameters (VGG16's first
// FC holds 74%). Usually an FC layer fed a large spatial volume.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { grouped } from '../../util/grouped.js';
import { percent, shapeText, traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

export const paramHeavyLayer: Rule = {
  id: 'param-heavy-layer',
  defaultSeverity: 'note',
  docs: {
    summary: 'One layer holds more than half of all parameters.',
    what: 'A layer whose parameters (weights and biases) are more than half of the whole network\'s. The finding gives its share.',
    why:
      'The cs231n notes on VGGNet: most of the memory goes to the early CONV layers, but most of the parameters sit in the ' +
      'last FC layers; the first FC alone has 7*7*512*4096 = 102,760,448 weights of about 138M. Such a layer dominates the ' +
      'model\'s size, its gradient and optimizer state, and is where overfitting happens. Later networks (GoogLeNet, ' +
      'ResNet) average-pool the last feature map to 1x1 before a single FC and have a fraction of the parameters.',
    fix:
      'For an FC layer: pool further before it so that it sees fewer values, or replace the flattening with global average ' +
      'pooling (GAP => FC-n), so that it sees one value per channel. For a CONV layer: fewer filters, or a 1x1 bottleneck first.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const total = ctx.analysis.totals.params;
    for (const l of ctx.analysis.layers) {
      if (total === 0 || 2 * l.params <= total) continue;
      const message = `${l.node.text} holds ${grouped(l.params)} of the network's ${grouped(total)} parameters (${percent(l.params, total)})`;
      const spatial = l.input.width * l.input.height;
      const hint =
        traits(l).affine === 'dense' && spatial > 1
          ? `it sees ${shapeText(l.input)} = ${grouped(spatial * l.input.depth)} values: pool further before it, or use GAP so that it sees ${grouped(l.input.depth)}`
          : 'make it narrower, or reduce its input first (pooling, a 1x1 bottleneck)';
      out.push(layerFinding(this, l, message, hint));
    }
    return out;
  },
};
