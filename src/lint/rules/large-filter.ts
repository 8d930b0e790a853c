// large-filter: a stride-1 CONV with f >= 5 that a stack of 3x3 convolutions with the same receptive
// field would do with fewer weights (cs231n 4.1: one 7x7 layer of C filters holds 49C^2 weights, three
// stacked 3x3 layers 27C^2, and put two more nonlinearities in between). The counts come from the CONV
// definition's own weight formula.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { LAYERS } from '../../layers/index.js';
import type { ConvArgs } from '../../layers/types.js';
import { sum } from '../../util/exact.js';
import { grouped } from '../../util/grouped.js';
import { layerName, shapeText } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';
import { filterCountAsSize } from './shorthand-filter-size.js';

/** Weights of n stacked 3x3 convolutions with k filters each, the first fed depth d (the VGG pattern). */
function stackWeights(n: number, depth: number, k: number): number {
  const args: ConvArgs = { fh: 3, fw: 3, k, sh: 1, sw: 1, ph: 1, pw: 1, g: 1, d: 1, bias: false };
  const shape = (d: number) => ({ width: 1, height: 1, depth: d });
  return sum('weights', Array.from({ length: n }, (_, i) => LAYERS.conv.weights(args, shape(i === 0 ? depth : k), shape(k))));
}

export const largeFilter: Rule = {
  id: 'large-filter',
  defaultSeverity: 'note',
  docs: {
    summary: 'A large stride-1 filter that stacked 3x3 convolutions would replace with fewer weights.',
    what:
      'A CONV layer with stride 1, no groups or dilation, and a square filter of 5x5 or more (a 1x7 or 7x1 is already ' +
      'factorised, as Inception v3 writes them), where a stack of 3x3 convolutions ' +
      'with the same number of filters k and at least the same receptive field (two for 5x5, three for 7x7) would hold ' +
      'fewer weights. The finding gives both counts for this layer; it stays silent where the stack would hold more (a ' +
      'layer that widens the depth a lot, such as the first layer on an RGB image).',
    why:
      'The cs231n notes (4.1): prefer a stack of small filters to one large filter with the same view. Three 3x3 layers see ' +
      '7x7 of their input, as one 7x7 layer does, but with C channels throughout they hold 3 x (C x 3 x 3 x C) = 27C^2 ' +
      'weights instead of C x (7 x 7 x C) = 49C^2, and the nonlinearities between them make their features more ' +
      'expressive; they also keep fewer intermediate values for backpropagation.',
    fix: 'Replace CONV(f=5, k=C) with [CONV3-C => RELU]*2, and CONV(f=7, k=C) with [CONV3-C => RELU]*3.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      if (l.layer.kind !== 'conv') continue; // a rule about CONV's own arguments (f, s, g, d)
      const a = l.layer.args;
      if (a.sh !== 1 || a.sw !== 1 || a.fh !== a.fw || a.fh < 5 || a.g !== 1 || a.d !== 1) continue;
      const f = a.fh;
      // CONV64 is reported as a filter count written as a size (shorthand-filter-size), not as a large filter
      if (filterCountAsSize(l)) continue;
      const n = Math.ceil((f - 1) / 2);
      const stack = stackWeights(n, l.input.depth, a.k);
      if (stack >= l.weights) continue;
      const reach = 2 * n + 1;
      const widths = [l.input.depth, ...Array.from({ length: n }, () => a.k)].join(' -> ');
      const count = ['', 'one', 'two', 'three', 'four', 'five'][n] ?? String(n);
      const message =
        `${layerName(l)} on ${shapeText(l.input)}: one ${f}x${f} filter bank holds ${grouped(l.weights)} weights; ` +
        `${count} stacked 3x3 convolutions (${widths}) see ${reach}x${reach} with ${grouped(stack)} weights and ${n - 1} more nonlinearit${n === 2 ? 'y' : 'ies'}`;
      out.push(layerFinding(this, l, message, `replace it with [CONV3-${a.k} => RELU]*${n}`));
    }
    return out;
  },
};
