// unpool-overlapping-windows: an UNPOOL of a max pool whose windows overlap (f > s along a side).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { layerName } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

export const unpoolOverlappingWindows: Rule = {
  id: 'unpool-overlapping-windows',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Unpooling a pool whose windows overlap loses values where two windows share a maximum.',
    what:
      'An UNPOOL(@p) whose pool p has a window larger than its stride along a side (POOL(f=3, s=2)): neighbouring windows share ' +
      'inputs, and where both find their maximum at the same shared input, both values are put back at that one position.',
    why:
      'MaxUnpool2d writes each value at its window\'s index: at a shared index the later window\'s value stays and the other is ' +
      'lost (on PyTorch\'s CPU kernel; on CUDA which one stays is not defined), and backward still hands both windows the gradient ' +
      'at that position (a gather), which is not the derivative of the lost value. SegNet and its decoders unpool 2x2 pools of stride 2, ' +
      'whose windows never overlap.',
    fix: 'Pool with a stride equal to the window (POOL2, POOL(f=3, s=3)) where the result is unpooled later.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      // a rule about UNPOOL's own arguments: its pool's window
      if (l.layer.kind !== 'unpool') continue;
      const { fh, fw, sh, sw } = l.layer.args;
      if (fh <= sh && fw <= sw) continue;
      const message = `${layerName(l)} unpools ${fw}x${fh} windows of stride ${sw === sh ? sw : `${sw}x${sh}`}: windows that share a maximum put two values at one position, and one is lost`;
      out.push(layerFinding(this, l, message, 'give the pool a stride as large as its window'));
    }
    return out;
  },
};
