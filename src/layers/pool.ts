// POOL: max, average or L2 pooling over f x f windows with stride s (cs231n "POOL2": f=2, s=2).
// No parameters. Defaults: s=f, p=0, mode=max. Version 2: round=ceil, and `global` (or GAP, short
// for POOL(mode=avg, global)): one window over the whole input, giving 1 x 1 x D.

import { mul } from '../util/exact.js';
import { windowStep } from './field.js';
import { bothSides, elements, intArg, WINDOW_ARGS, windowedShape } from './shared.js';
import { bool, pair, py } from './torch.js';
import { traitsOf } from './traits.js';
import type { LayerDef, OwnSaved, PoolArgs, PoolMode, Saving, Scratch, ScratchContext, Shape, TorchLayer, Windows } from './types.js';
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

/** The executor's backward: max reads its input and the argmax indices, avg only the shapes, l2 its
 *  input and its output. PyTorch's avg_pool2d (and adaptive average pooling) keeps its input too. */
function poolReads(a: PoolArgs, saving: Saving): { input: boolean; output: boolean } {
  if (saving === 'pytorch' && a.mode === 'l2') return { input: true, output: false };
  return { input: a.mode !== 'avg' || saving === 'pytorch', output: a.mode === 'l2' };
}

/** Max pooling's indices. PyTorch's LPPool2d is a chain of operations
 *  (sqrt(sign(a) * relu(|a|) * f*f) with a = avg_pool2d(x^2)) whose steps save x^2 (for avg_pool2d)
 *  and four pooled tensors: a (abs), sign(a) and relu(|a|) (the product), and the scaled product (pow). */
function poolKeeps(a: PoolArgs, input: Shape, out: Shape, saving: Saving): OwnSaved[] {
  if (a.mode === 'max') return [{ what: 'indices', elements: elements(out), element: 'index' }];
  if (a.mode !== 'l2' || saving !== 'pytorch') return [];
  return [
    { what: 'l2 squares', elements: elements(input), element: 'activation' },
    { what: 'l2 chain', elements: mul('saved elements', elements(out), 4), element: 'activation' },
  ];
}

/** PyTorch's LPPool2d is differentiated op by op; the last step, x.pow(2)'s, holds the gradient of
 *  x^2 and three more input-sized tensors at once (torch.profiler on PyTorch 1.13), by when x^2 and
 *  the four pooled tensors the chain saved are freed. The moment counts the output and input
 *  gradients and every saved tensor of the layer: this is the rest, 4 in - (out + in) - (in + 4 out). */
function poolScratch(a: PoolArgs, input: Shape, out: Shape, { saving }: ScratchContext): Scratch {
  if (a.mode !== 'l2' || saving !== 'pytorch') return { elements: 0, columns: true };
  return { elements: Math.max(0, mul('scratch elements', elements(input), 2) - mul('scratch elements', elements(out), 5)), columns: true };
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
    reads: poolReads,
    keeps: poolKeeps,
    scratch: poolScratch,
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
    keeps: "max: its input and one index per output element; avg: nothing (PyTorch's avg_pool2d: its input); l2: its input and its output (PyTorch's LPPool2d, a chain of operations: its input, its square and four pooled tensors)",
  },
};
