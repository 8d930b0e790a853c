// even-filter-same-padding: a stride-1 window of even size cannot be padded symmetrically to keep the
// size (W - F + 2p + 1 = W needs 2p = F - 1, which is odd). Reported when the layer pads, or takes the
// default padding (which keeps the size for odd filters); an explicit p=0 asks for a shrinking window.
// Each side on its own: a 1x4 window is even along its width only.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LayerAnalysis } from '../../analysis/analyze.js';
import { extent, fitWindow, type WindowFit } from '../../layers/window.js';
import { categoryOf, layerName, shapeText, traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

/** Whether a side's window is even at stride 1 and pads, or takes the default padding. */
function evenAndPadded(l: LayerAnalysis, f: WindowFit): boolean {
  const w = f.window;
  if (w.s !== 1 || extent(w) % 2 !== 0) return false;
  const padKey = f.side === 'width' ? 'pw' : 'ph';
  if (w.p === 0 && (l.node.given['p'] !== undefined || l.node.given[padKey] !== undefined)) return false;
  return !(w.p === 0 && categoryOf(l) === 'pool');
}

/** Whether both sides have the same window: then the message speaks of f and p. */
const square = (fits: readonly WindowFit[]): boolean => fits.every((f) => f.window.f === fits[0]!.window.f && f.window.p === fits[0]!.window.p);

export const evenFilterSamePadding: Rule = {
  id: 'even-filter-same-padding',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An even filter size cannot pad symmetrically to keep the size.',
    what:
      'A stride-1 CONV, LOCAL or POOL layer whose window spans an even number of inputs and that pads (or uses the default ' +
      'padding). With stride 1 the output is W - F + 2p + 1, which equals W only when 2p = F - 1: impossible for even F. ' +
      'The output comes out one smaller or one larger, and the window has no centre pixel.',
    why:
      'The cs231n notes (4.2) pad CONV layers with p = (F - 1)/2 so that they keep the spatial size and leave the ' +
      'downsampling to the pooling layers; that only works for odd F (3, 5, 7). With an even F the maps shrink or grow by ' +
      'one pixel per layer and shift by half a pixel, which breaks the size bookkeeping of the layers that follow.',
    fix: 'Use an odd filter size (3 or 5) with p = (f - 1)/2, or write p=0 if a shrinking, unpadded window is meant.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      const f = l.fits.find((side) => evenAndPadded(l, side));
      if (!f || traits(l).collapsesSpace) continue;
      const w = f.window;
      const [fKey, pKey, across] = square(l.fits) ? ['f', 'p', 'wide'] : f.side === 'width' ? ['fw', 'pw', 'wide'] : ['fh', 'ph', 'high'];
      const half = extent(w) / 2;
      const smaller = fitWindow(f.side, f.input, { ...w, p: half - 1 }).output;
      const larger = fitWindow(f.side, f.input, { ...w, p: half }).output;
      const message =
        `${layerName(l)} on ${shapeText(l.input)} has an even ${extent(w)}-${across} window: no padding keeps ${f.input} at ${f.input} ` +
        `(${pKey}=${half - 1} gives ${smaller}, ${pKey}=${half} gives ${larger})`;
      out.push(layerFinding(this, l, message, `use an odd filter size, e.g. ${fKey}=${extent(w) + 1} with ${pKey}=${half}`));
    }
    return out;
  },
};
