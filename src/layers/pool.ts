// POOL: max, average or L2 pooling over f x f windows with stride s (cs231n "POOL2": f=2, s=2).
// No parameters. Defaults: s=f, p=0, mode=max. Version 2: round=ceil, and `global` (or GAP, short
// for POOL(mode=avg, global)): one window over the whole input, giving 1 x 1 x D.

import { mul } from '../util/exact.js';
import { windowStep } from './field.js';
import { bothSides, elements, intArg, WINDOW_ARGS, windowedShape } from './shared.js';
import { bool, pair, py } from './torch.js';
import { traitsOf } from './traits.js';
import type { LayerDef, PoolArgs, PoolMode, Shape, TorchLayer, Windows } from './types.js';
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

/** torch.nn's pooling modules; global pooling as torchvision writes GAP. LPPool2d has no padding:
 *  a padded l2 pool is the export's own LPPool2 (export/prelude.ts). */
function poolModule({ args: x, input, windows }: TorchLayer<PoolArgs>): string {
  if (x.global) {
    if (x.mode === 'max') return 'nn.AdaptiveMaxPool2d(1)';
    if (x.mode === 'avg') return 'nn.AdaptiveAvgPool2d(1)';
    return `nn.LPPool2d(2, ${pair(input.height, input.width)})`;
  }
  const { height: h, width: w } = windows!;
  const k = pair(h.f, w.f);
  const s = pair(h.s, w.s);
  const p = pair(h.p, w.p);
  const ceil = bool(h.ceil);
  if (x.mode === 'max') return `nn.MaxPool2d(${k}, stride=${s}, padding=${p}, ceil_mode=${ceil})`;
  if (x.mode === 'avg') return `nn.AvgPool2d(${k}, stride=${s}, padding=${p}, ceil_mode=${ceil}, count_include_pad=True)`;
  if (h.p === 0 && w.p === 0) return `nn.LPPool2d(2, ${k}, stride=${s}, ceil_mode=${ceil})`;
  return `LPPool2(${py(w.f)}, ${py(w.s)}, ${py(w.p)}, ceil_mode=${ceil})`;
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
  workspace: () => 0,
  receptiveField: windowStep,
  traits: (a) => traitsOf({ keepsLinear: a.mode === 'avg', keepsSign: a.mode === 'max', collapsesSpace: a.global }),
  training: {
    trainable: false,
    inPlace: false,
    // max: the input and the argmax indices; avg: only the shapes; l2: its input and its output
    reads: (a) => ({ input: a.mode !== 'avg', output: a.mode === 'l2' }),
    keeps: (a, _input, out) => (a.mode === 'max' ? [{ what: 'indices', elements: elements(out), element: 'index' }] : []),
  },
  parameters: () => [],
  pytorch: { rank: 'nchw', module: poolModule },
  docs: {
    name: 'POOL',
    writtenAs: '`POOLf`, `POOL`, `POOL(f=, s=, p=, mode=, round=, global)`',
    arguments: 'f >= 1, s >= 1, p >= 0 with 2p <= f, mode=max\\|avg\\|l2, round=floor\\|ceil (v2), `global` flag (v2)',
    defaults: 'f=2, s=f, p=0, mode=max, round=floor',
    output: "W' x H' x D; `global`: 1 x 1 x D",
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: 'max: f*f - 1 comparisons; avg: f*f (f*f - 1 adds and a divide); l2: 2*f*f (f*f squares, f*f - 1 adds, a square root); global: as these with the window W*H instead of f*f',
    keeps: 'max: its input and one index per output element; l2: its input and its output; avg: nothing',
  },
};
