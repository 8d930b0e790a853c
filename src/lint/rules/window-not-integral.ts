// window-not-integral: (W - F + 2p) is not divisible by s, so the window cannot slide from edge to
// edge and frameworks floor the output size. Names what no window covers (layers/window.ts works it
// out): a warning when real input is left out, a note when only padding is (or, with round=ceil, when
// a last partial window covers the edge); --strict makes every one an error (notation.md). A
// non-square window's sides are judged and mended each on its own (fh=1, fw=7: ph, pw, sh, sw);
// adaptive pooling always fits (layers/window.ts).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LayerAnalysis } from '../../analysis/analyze.js';
import { extent, fitWindow, type WindowFit } from '../../layers/window.js';
import { categoryOf, layerName, shapeText } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

/** "input column 223", "the last 3 input columns (221-223)"; both sides at once when they agree. */
function uncoveredText(fits: readonly WindowFit[]): string | null {
  const parts = fits.filter((f) => f.uncoveredInput);
  if (parts.length === 0) return null;
  const describe = (f: WindowFit, noun: string): string => {
    const u = f.uncoveredInput!;
    const n = u.last - u.first + 1;
    return n === 1 ? `the last input ${noun} (index ${u.first})` : `the last ${n} input ${noun}s (indices ${u.first}-${u.last})`;
  };
  const [w, h] = [fits.find((f) => f.side === 'width'), fits.find((f) => f.side === 'height')];
  if (w?.uncoveredInput && h?.uncoveredInput && w.uncoveredInput.first === h.uncoveredInput.first && w.uncoveredInput.last === h.uncoveredInput.last) {
    const n = w.uncoveredInput.last - w.uncoveredInput.first + 1;
    const idx = n === 1 ? `index ${w.uncoveredInput.first}` : `indices ${w.uncoveredInput.first}-${w.uncoveredInput.last}`;
    return `no window covers ${n === 1 ? 'the last input column and row' : `the last ${n} input columns and rows`} (${idx}, counting from 0)`;
  }
  return `no window covers ${parts.map((f) => describe(f, f.side === 'width' ? 'column' : 'row')).join(' or ')} (counting from 0)`;
}

function paddingText(fits: readonly WindowFit[]): string {
  const n = Math.max(...fits.map((f) => f.uncoveredPadding));
  const sides = fits.length === 2 ? 'column and row' : fits[0]!.side === 'width' ? 'column' : 'row';
  if (n === 0) {
    return `round=ceil adds a last window that runs past the edge, so every input ${sides} is covered`;
  }
  const many = n === 1 ? `the last padding ${sides}` : `the last ${n} padding ${fits.length === 2 ? 'columns and rows' : `${sides}s`}`;
  return `every input ${sides} is covered; only ${many} ${n === 1 && fits.length === 1 ? 'is' : 'are'} never read`;
}

/** Whether both sides slide the same window. */
function sameWindows(fits: readonly WindowFit[]): boolean {
  const w = fits[0]!.window;
  return fits.every((f) => f.window.f === w.f && f.window.s === w.s && f.window.p === w.p && f.window.d === w.d);
}

const nearest = (xs: number[], to: number): number[] => {
  const d = Math.min(...xs.map((x) => Math.abs(x - to)));
  return xs.filter((x) => Math.abs(x - to) === d);
};

/** The paddings and strides nearest to these sides' that make them all fit, named p and s (or the
 *  side's own ph/sh, pw/sw when `keys` says so); `bad`, the side the arithmetic is quoted for. */
function sideRemedies(l: LayerAnalysis, sides: readonly WindowFit[], keys: { p: string; s: string }, bad = sides[0]!): string[] {
  const w = sides[0]!.window;
  const fitsWith = (p: number, s: number): boolean => sides.every((f) => fitWindow(f.side, f.input, { ...f.window, p, s }).clean);
  const maxP = categoryOf(l) === 'pool' ? Math.floor(w.f / 2) : w.p + 2 * w.s;
  const ps: number[] = [];
  for (let p = 0; p <= maxP; p++) if (p !== w.p && fitsWith(p, w.s)) ps.push(p);
  const strides: number[] = [];
  for (let s = 1; s <= w.s * 2 + 1; s++) if (s !== w.s && fitsWith(w.p, s)) strides.push(s);
  const out: string[] = [];
  const span = bad.input - extent(w) + 2 * w.p;
  out.push(ps.length ? nearest(ps, w.p).map((p) => `${keys.p}=${p}`).join(' or ') + ' fits' : `no padding fits (${span} + 2${keys.p} is never a multiple of ${w.s})`);
  if (strides.length) out.push(nearest(strides, w.s).map((s) => `${keys.s}=${s}`).join(' or ') + ' fits');
  return out;
}

/** The paddings and strides nearest to the layer's that make every side fit, and input sizes for a first layer. */
function remedies(l: LayerAnalysis, fits: readonly WindowFit[]): string {
  const all = l.fits;
  const out = sameWindows(all)
    ? sideRemedies(l, all, { p: 'p', s: 's' }, fits[0])
    : fits.flatMap((f) => sideRemedies(l, [f], f.side === 'width' ? { p: 'pw', s: 'sw' } : { p: 'ph', s: 'sh' }));
  if (all.every((f) => f.input === all[0]!.input)) {
    const sizes = fittingInputs(all, all[0]!.input).map((n) => `${n}x${n}`);
    const from = l.node.inputs[0] === 0 ? '' : ' (from the layers before)';
    if (sizes.length > 0) out.push(`so would an input of ${sizes.join(' or ')}${from}`);
  }
  return out.join('; ');
}

/** The nearest input sizes below and above `input` on which every side's window fits cleanly, as
 *  fitWindow judges it (so never a size of 0, or one the window does not fit in at all). One stride
 *  away at most: within s steps the span (W - F + 2p) meets every remainder. */
function fittingInputs(fits: readonly WindowFit[], input: number): number[] {
  // every side fits again after the least common multiple of the strides
  const s = fits.reduce((m, f) => lcm(m, f.window.s), 1);
  const fitsAt = (n: number): boolean => n >= 1 && fits.every((f) => fitWindow(f.side, n, f.window).clean);
  const below = Array.from({ length: s }, (_, i) => input - 1 - i).find(fitsAt);
  const above = Array.from({ length: s }, (_, i) => input + 1 + i).find(fitsAt);
  return [below, above].filter((n): n is number => n !== undefined);
}

function lcm(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}

export const windowNotIntegral: Rule = {
  id: 'window-not-integral',
  defaultSeverity: 'warning',
  strictSeverity: 'error',
  docs: {
    summary: 'The window cannot slide cleanly from edge to edge: (W - F + 2p) is not divisible by the stride.',
    what:
      'A CONV, LOCAL or POOL layer whose (W - F + 2p) is not divisible by its stride s, on either side. The output size ' +
      '(W - F + 2p)/s + 1 is then not whole and frameworks floor it (or, with round=ceil, add a partial last window). The ' +
      'finding names the input rows and columns that no window ever covers, and the nearest padding or stride that fits. ' +
      'It is a warning when real input is left out, and a note when only padding is (ResNet\'s 7x7/2 stem with p=3 on 224) ' +
      'or when round=ceil covers the edge; `--strict` makes every one an error.',
    why:
      'The cs231n notes: zero padding exists so that the window slides from the first position to the last exactly; when ' +
      '(W - F + 2P)/S is not whole, the window cannot reach the end and the last inputs are never seen by any filter ' +
      '(AlexNet\'s 227 input with F=11, S=4 works, (227 - 11)/4 + 1 = 55; the paper\'s 224 does not). Layers after it then ' +
      'run on floored sizes that differ from the ones a paper prints.',
    fix:
      'Change the padding or the stride to the ones the hint names, or the input size (ZF Net: 225 instead of 224). When only ' +
      'padding is skipped the figures are still right and the note can stay, or be silenced with ' +
      '`# cnncalc-disable-next-line window-not-integral`.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const l of ctx.analysis.layers) {
      const bad = l.fits.filter((f) => !f.clean);
      if (bad.length === 0) continue;
      const f = bad[0]!;
      const w = f.window;
      const sameWindow = sameWindows(bad);
      const same = bad.length === 1 || (sameWindow && bad.every((b) => b.input === f.input));
      const sum = (b: WindowFit): string => `${b.input} - ${extent(b.window)} + 2*${b.window.p} = ${b.input - extent(b.window) + 2 * b.window.p}`;
      const strides = sameWindow ? `the stride ${w.s}` : `the strides ${bad.map((b) => b.window.s).join(' and ')}`;
      const arithmetic = same
        ? `${sum(f)} is not divisible by the stride ${w.s}`
        : `${bad.map((b) => `${sum(b)} (${b.side})`).join(' and ')} are not divisible by ${strides}`;
      const exact = (b: WindowFit): string => `from ${Number(b.exact.toFixed(2))} to ${b.output}`;
      const rounded = `${w.ceil ? 'rounded up' : 'floored'} ${same ? exact(f) : bad.map(exact).join(' and ')}`;
      const uncovered = uncoveredText(bad);
      const skips = w.s > extent(w) ? ', besides those the stride skips' : '';
      const what = uncovered ? `${uncovered}${skips}` : paddingText(bad);
      const side = bad.length === 2 || l.fits.length === 1 ? '' : ` (${f.side})`;
      const message = `${layerName(l)} on ${shapeText(l.input)}${side}: ${arithmetic}, so the output is ${rounded}; ${what}`;
      const covered = bad.every((b) => b.uncoveredPadding === 0);
      const prefix = uncovered ? '' : covered ? 'the last window covers the edge; to fit exactly: ' : 'only padding is skipped; to fit exactly: ';
      out.push(layerFinding(this, l, message, prefix + remedies(l, bad), uncovered ? 'warning' : 'note'));
    }
    return out;
  },
};

