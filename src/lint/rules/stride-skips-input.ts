// stride-skips-input: the stride is larger than the window (or, for a dilated window, the taps and
// the stride never land on some offsets), so some input rows and columns are never read at all.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { extent } from '../../layers/window.js';
import type { Window } from '../../layers/types.js';
import { categoryOf, layerName, percent, shapeText } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

/** How many of every s consecutive inputs some tap reads, away from the edges: the offsets j*d mod s. */
function readPerStride(w: Window): number {
  const seen = new Set<number>();
  for (let j = 0; j < w.f; j++) seen.add((j * w.d) % w.s);
  return seen.size;
}

export const strideSkipsInput: Rule = {
  id: 'stride-skips-input',
  defaultSeverity: 'warning',
  docs: {
    summary: 'The stride is larger than the window: some inputs are never read.',
    what:
      'A CONV, LOCAL or POOL layer whose stride s is larger than its window F (for a dilated window: whose taps, d apart, ' +
      'never land on some offsets of the stride). Of every s input rows and columns, only those the window reaches are ever ' +
      'read; the others are skipped by every window. A 1x1 convolution with stride 2 reads one input in four.',
    why:
      'The cs231n notes: a larger stride means less overlap and less computation, but also less information, and steps ' +
      'that are too large lose too much; stride 1 is preferred. When the stride exceeds the window the loss is total for the ' +
      'skipped positions: no later layer can recover what no window saw. (This is the flaw "Bag of Tricks" (He et al. 2019) ' +
      'found in ResNet\'s 1x1 stride-2 projection shortcut, which ignores three quarters of its input.)',
    fix:
      'Use a window at least as large as the stride (POOL(f=2, s=2), CONV(f=3, s=2)), or downsample with a pooling layer ' +
      'first and follow it with a stride-1 layer: POOL(f=2, s=2, mode=avg) => CONV(f=1, k=...) (ResNet-D\'s shortcut).',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      const sides = l.fits.filter((f) => readPerStride(f.window) < f.window.s);
      if (sides.length === 0) continue;
      const w = sides[0]!.window;
      const read = readPerStride(w);
      // the share read along every side that skips, multiplied (exactly (read*read)/(s*s) for a square window)
      const fraction = sides.reduce((n, f) => n * readPerStride(f.window), 1) / sides.reduce((n, f) => n * f.window.s, 1);
      // a non-square window is named by its side: fh=1 with sh=3 is a 1-high window
      const square = l.fits.every((f) => f.window.f === w.f && f.window.s === w.s);
      const height = !square && sides[0]!.side === 'height';
      const across = height ? 'high' : 'wide';
      const window = w.d === 1 ? `${w.f}-${across} window` : `${w.f}-tap window dilated by ${w.d} (spanning ${extent(w)})`;
      const which = sides.length === 2 ? 'columns and rows' : sides[0]!.side === 'width' ? 'columns' : 'rows';
      const message =
        `${layerName(l)} on ${shapeText(l.input)}: the stride ${w.s} is larger than what its ${window} reads, so only ` +
        `${read} of every ${w.s} input ${which} ${read === 1 ? 'is' : 'are'} ever read (${percent(fraction, 1)} of the input; the rest is never seen)`;
      const [f, s] = square ? ['f', 's'] : height ? ['fh', 'sh'] : ['fw', 'sw'];
      const hint = categoryOf(l) === 'pool'
        ? `use ${f} >= ${s}, e.g. POOL(${f}=${w.s}, ${s}=${w.s})`
        : `use ${f} >= ${s}, or pool first: POOL(${f}=${w.s}, ${s}=${w.s}, mode=avg) then this layer with ${s}=1`;
      out.push(layerFinding(this, l, message, hint));
    }
    return out;
  },
};
