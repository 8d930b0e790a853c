// dead-weights: filter taps of a CONV or LOCAL layer that only ever multiply zero padding, because the
// padded window is larger than the input can fill (a 3x3 CONV with p=1 on a 1x1 map uses only its
// centre weight). Worked out exactly per side: tap j of window i reads input i*s - p + j*d.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { WindowFit } from '../../layers/window.js';
import { layerName, percent, shapeText, traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

/** How many of the window's taps along one side read a real input for at least one window position. */
function liveTaps(fit: WindowFit): number {
  const { f, s, p, d } = fit.window;
  let live = 0;
  for (let j = 0; j < f; j++) {
    // The positions tap j reads form an arithmetic run; it is live if the run meets [0, input).
    const first = j * d - p;
    const last = (fit.output - 1) * s + first;
    const firstInside = first >= 0 ? first : first + Math.ceil(-first / s) * s;
    if (firstInside <= last && firstInside < fit.input) live++;
  }
  return live;
}

export const deadWeights: Rule = {
  id: 'dead-weights',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Filter weights that only ever multiply zero padding.',
    what:
      'A CONV or LOCAL layer some of whose filter taps never meet real input at any window position: the padded window ' +
      'is larger than the input can fill. A 3x3 convolution with p=1 on a 1x1 map uses only its centre weight; the other ' +
      'eight of nine weights only ever see zeros. The finding gives the share of weights that are dead.',
    why:
      'Dead weights are parameters and multiply-adds that can never affect the output: they are trained on nothing and ' +
      'counted in every figure. It usually means the network was designed for a larger input (a VGG block run on the ' +
      '1x1 maps a CIFAR image has left after five poolings) or pools too often.',
    fix: 'Use a smaller filter (CONV(f=1) on 1x1 maps), pool less before this layer, or use a larger input.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      const affine = traits(l).affine;
      if ((affine !== 'convolution' && affine !== 'local') || l.fits.length !== 2) continue;
      const [w, h] = l.fits as [WindowFit, WindowFit];
      const live = liveTaps(w) * liveTaps(h);
      const taps = w.window.f * h.window.f;
      if (live === taps) continue;
      const message =
        `${layerName(l)} on ${shapeText(l.input)}: only ${live} of its ${taps} filter taps ever meet real input; ` +
        `${percent(taps - live, taps)} of its weights only multiply zero padding`;
      out.push(layerFinding(this, l, message, 'use a smaller filter here, pool less before it, or feed it a larger input'));
    }
    return out;
  },
};
