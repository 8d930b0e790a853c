// POOL: max, average or L2 pooling over f x f windows with stride s (cs231n "POOL2": f=2, s=2).
// No parameters. Defaults: s=f, p=0, mode=max.

import { mul } from '../util/exact.js';
import { elements, intArg, WINDOW_ARGS, windowedShape } from './shared.js';
import type { LayerDef, PoolMode } from './types.js';

/** Element operations per output element: max f*f-1 comparisons; avg f*f-1 adds and a divide;
 *  l2 f*f squares, f*f-1 adds and a square root. */
function opsPerOutput(mode: PoolMode, f: number): number {
  const window = f * f;
  if (mode === 'max') return window - 1;
  if (mode === 'avg') return window;
  return 2 * window;
}

export const pool: LayerDef<'pool'> = {
  kind: 'pool',
  category: 'pool',
  keywords: ['POOL'],
  args: [...WINDOW_ARGS, { key: 'mode', type: 'word', words: ['max', 'avg', 'l2'], about: 'max, avg or l2' }],
  suffixArg: 'f',
  resolve: (given) => {
    const f = intArg(given, 'f', 2);
    const mode = (typeof given['mode'] === 'string' ? given['mode'] : 'max') as PoolMode;
    return { f, s: intArg(given, 's', f), p: intArg(given, 'p', 0), mode };
  },
  window: ({ f, s, p }) => ({ f, s, p }),
  outputShape: (a, input) => windowedShape(a, input, input.depth),
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  elementOps: (a, _input, out) => mul('FLOPs', elements(out), opsPerOutput(a.mode, a.f)),
  notesName: (a) => `POOL${a.f}`,
  weightsFormula: () => '0',
};
