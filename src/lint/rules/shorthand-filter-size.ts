// shorthand-filter-size: `CONV64`, the VGG shorthand without its dash, which means one 64x64 filter
// per output channel (f=64, k = the input depth) where 64 filters (CONV3-64) were almost surely
// meant. Fires on the shorthand with no `-k` and no k= when f is 12 or more: AlexNet's 11x11 is the
// largest filter of the classic nets, and the large-kernel nets (31x31 and the like) are depthwise,
// written with k= and g=. CONV5, CONV7 and CONV11 stay legal shorthand for a filter size.

import type { LayerAnalysis } from '../../analysis/analyze.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { grouped } from '../../util/grouped.js';
import { layerName, shapeText } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

const MIN_SUSPICIOUS_FILTER = 12;

/** Whether the layer is written `CONVn` (n >= 12, no dash, no k=): a filter count read as a size. */
export function filterCountAsSize(l: LayerAnalysis): boolean {
  if (l.layer.kind !== 'conv' || l.node.given['k'] !== undefined) return false;
  const m = /^conv(\d+)(?!\s*-)/i.exec(l.node.text);
  return m !== null && Number(m[1]) >= MIN_SUSPICIOUS_FILTER;
}

export const shorthandFilterSize: Rule = {
  id: 'shorthand-filter-size',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CONV64 is one 64x64 filter per channel, not 64 filters (that is CONV3-64).',
    what:
      'A CONV written in the shorthand `CONVn` without a dash or k=, with n of 12 or more. The shorthand is `CONVf-k`: ' +
      'the number after CONV is the filter size f, and without `-k` the number of filters k is the input depth. So ' +
      '`CONV64` is a 64x64 filter bank that keeps the depth, where `CONV3-64` (64 filters of 3x3) was almost surely meant. ' +
      'CONV5, CONV7 and CONV11 are not reported: those are real filter sizes (AlexNet\'s 11x11 is the largest of the ' +
      'classic nets).',
    why:
      'It compiles and gives a plausible output shape (the default padding keeps the size, or one less for an even f), so the mistake shows only in ' +
      'the figures: a 64x64 filter on 64 channels holds 64*64*64*64 = 16,777,216 weights where CONV3-64 holds 36,864. ' +
      'Filters in ConvNets are small (the cs231n notes: 3x3 or at most 5x5, larger ones such as 7x7 or 11x11 only in the ' +
      'first layer).',
    fix:
      'Write the filter size and the number of filters: `CONV3-64`, or `CONV(f=3, k=64)`. A filter that large on purpose ' +
      'is written with its keywords, `CONV(f=15, k=64)`, which this rule does not report.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      if (!filterCountAsSize(l) || l.layer.kind !== 'conv') continue;
      const { fw: f, k } = l.layer.args; // the shorthand's suffix sets both sides
      const message =
        `${layerName(l)} on ${shapeText(l.input)} is one ${f}x${f} filter per output channel (f=${f}, k = the input depth ${k}): ` +
        `${grouped(l.weights)} weights`;
      out.push(layerFinding(this, l, message, `for ${f} filters of 3x3 write CONV3-${f}; a ${f}x${f} filter on purpose is written CONV(f=${f}, k=${k})`));
    }
    return out;
  },
};
