// POOL: max, average or L2 pooling over f x f windows with stride s (cs231n "POOL2": f=2, s=2).
// No parameters. Defaults: s=f, p=0, mode=max. Version 2: round=ceil, and `global` (or GAP, short
// for POOL(mode=avg, global)): one window over the whole input, giving 1 x 1 x D.

import { mul } from '../util/exact.js';
import { bothSides, elements, intArg, WINDOW_ARGS, windowedShape } from './shared.js';
import type { LayerDef, PoolArgs, PoolMode, Shape, Windows } from './types.js';
import { squareWindow } from './window.js';

/** Element operations per output element: max f*f-1 comparisons; avg f*f-1 adds and a divide;
 *  l2 f*f squares, f*f-1 adds and a square root. */
function opsPerOutput(mode: PoolMode, windowSize: number): number {
  if (mode === 'max') return windowSize - 1;
  if (mode === 'avg') return windowSize;
  return 2 * windowSize;
}

function poolWindows(a: PoolArgs, input: Shape): Windows {
  if (a.global) return { width: squareWindow(input.width, 1, 0), height: squareWindow(input.height, 1, 0) };
  return bothSides(squareWindow(a.f, a.s, a.p, 1, a.ceil));
}

export const pool: LayerDef<'pool'> = {
  kind: 'pool',
  category: 'pool',
  keywords: ['POOL'],
  args: [
    ...WINDOW_ARGS,
    { key: 'mode', type: 'word', words: ['max', 'avg', 'l2'], about: 'max, avg or l2' },
    { key: 'round', type: 'word', words: ['floor', 'ceil'], about: 'how the output size rounds (default floor)' },
    { key: 'global', type: 'flag', about: 'one window over the whole input', excludes: ['f', 's', 'p', 'round'] },
  ],
  presets: { GAP: { mode: 'avg', global: 1 } },
  suffixArg: 'f',
  resolve: (given, input) => {
    const global = given['global'] === 1;
    const f = global ? Math.max(input.width, input.height) : intArg(given, 'f', 2);
    const mode = (typeof given['mode'] === 'string' ? given['mode'] : 'max') as PoolMode;
    return { f, s: global ? 1 : intArg(given, 's', f), p: intArg(given, 'p', 0), mode, ceil: given['round'] === 'ceil', global };
  },
  windows: poolWindows,
  check: (a) => (a.p * 2 > a.f ? `padding p=${a.p} is more than half the window f=${a.f} (PyTorch refuses it)` : null),
  outputShape: (a, input) => windowedShape(poolWindows(a, input), input, input.depth),
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  elementOps: (a, input, out) =>
    mul('FLOPs', elements(out), opsPerOutput(a.mode, a.global ? input.width * input.height : a.f * a.f)),
  notesName: (a) => (a.global ? 'GAP' : `POOL${a.f}`),
  weightsFormula: () => '0',
};
