// large-pool: a pooling window larger than 3 along a side (global and adaptive pooling excepted).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { layerName } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

export const largePool: Rule = {
  id: 'large-pool',
  defaultSeverity: 'note',
  docs: {
    summary: 'A pooling window larger than 3x3 discards too much.',
    what:
      'A POOL layer with a window of 4x4 or more, or of 4 or more along one side (global pooling, GAP, is not reported: it is meant to summarise ' +
      'the whole map; nor is adaptive pooling, POOL(out=7), whose windows follow from its input and the output it is asked for).',
    why:
      'The cs231n notes (4.2): pooling layers usually use 2x2 windows with stride 2, which already discard 75% of the ' +
      'activations; 3x3 with stride 2 (overlapping pooling) is the other common choice. Larger windows are seldom seen ' +
      'because they throw away too much information at once.',
    fix: 'Pool in several steps with POOL2 (or POOL(f=3, s=2)) between the layers that need the smaller maps.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      // a rule about POOL's own arguments
      if (l.layer.kind !== 'pool' || l.layer.args.global || l.layer.args.outh !== null) continue;
      const { fh, fw } = l.layer.args;
      if (Math.max(fh, fw) <= 3) continue;
      const message = `${layerName(l)} pools ${fw}x${fh} windows: each output keeps one summary of ${fh * fw} inputs`;
      out.push(layerFinding(this, l, message, 'pool in steps of POOL2 or POOL(f=3, s=2) instead'));
    }
    return out;
  },
};
