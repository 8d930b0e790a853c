// POOL: max, average or L2 pooling over f x f windows with stride s (cs231n "POOL2": f=2, s=2).
// No parameters. Defaults: s=f, p=0, mode=max. Version 2: round=ceil, and `global` (or GAP, short
// for POOL(mode=avg, global)): one window over the whole input, giving 1 x 1 x D. Version 3:
// per-side windows (fh, fw, sh, sw, ph, pw), and adaptive pooling POOL(mode=avg, out=7) (outh=,
// outw=), torch's AdaptiveAvgPool2d: out outputs per side whatever the input, output i over inputs
// [floor(i*W/out), ceil((i+1)*W/out)).

import { mul } from '../util/exact.js';
import { windowStep } from './field.js';
import { elements, sideArg, sidesJson, sideWindows, sizeText, WINDOW_ARGS, windowedShape } from './shared.js';
import { bool, pair } from './torch.js';
import { traitsOf } from './traits.js';
import type { ArgSpec, GivenArgs, LayerDef, OwnSaved, PoolArgs, PoolMode, Saving, Scratch, ScratchContext, Shape, TorchLayer, Windows } from './types.js';
import { adaptiveTotal, adaptiveWindow, squareWindow } from './window.js';

/** Element operations of `count` windows spanning `inputs` inputs together: max one comparison
 *  per input but the first of each window; avg an add per input but the first and a divide; l2 a
 *  square and an add per input, less one add, and a square root. */
function windowOps(mode: PoolMode, inputs: number, count: number): number {
  if (mode === 'max') return inputs - count;
  if (mode === 'avg') return inputs;
  return mul('FLOPs', 2, inputs);
}

/** The inputs all windows of one channel span, each counted once per window that reads it. */
function windowInputs(a: PoolArgs, input: Shape, out: Shape): number {
  if (a.global) return mul('FLOPs', input.width, input.height);
  if (a.outh !== null && a.outw !== null) return mul('FLOPs', adaptiveTotal(input.height, a.outh), adaptiveTotal(input.width, a.outw));
  return mul('FLOPs', out.width, out.height, a.fh, a.fw);
}

function poolWindows(a: PoolArgs, input: Shape): Windows {
  if (a.global) return { width: squareWindow(input.width, 1, 0), height: squareWindow(input.height, 1, 0) };
  if (a.outh !== null && a.outw !== null) return { width: adaptiveWindow(input.width, a.outw), height: adaptiveWindow(input.height, a.outh) };
  return sideWindows(a, 1, a.ceil);
}

/** Adaptive pooling's sides (a side not given keeps the input's, as torch's None), or null. */
function adaptiveSides(given: GivenArgs, input: Shape): { outh: number; outw: number } | null {
  if (!['out', 'outh', 'outw'].some((key) => key in given)) return null;
  return { outh: sideArg(given, 'outh', 'out', input.height), outw: sideArg(given, 'outw', 'out', input.width) };
}

/** Defaults s=f, p=0 per side; global and adaptive pooling take their windows from the input
 *  (global keeps version 2's f = the larger side, s=1: the windows are the input's sides). */
function resolvePool(given: GivenArgs, input: Shape): PoolArgs {
  const mode = (typeof given['mode'] === 'string' ? given['mode'] : 'max') as PoolMode;
  const ceil = given['round'] === 'ceil';
  if (given['global'] === 1) {
    const f = Math.max(input.width, input.height);
    return { fh: f, fw: f, sh: 1, sw: 1, ph: 0, pw: 0, mode, ceil, global: true, outh: null, outw: null };
  }
  const adaptive = adaptiveSides(given, input);
  if (adaptive) {
    const w = adaptiveWindow(input.width, adaptive.outw);
    const h = adaptiveWindow(input.height, adaptive.outh);
    return { fh: h.f, fw: w.f, sh: h.s, sw: w.s, ph: 0, pw: 0, mode, ceil, global: false, ...adaptive };
  }
  const fh = sideArg(given, 'fh', 'f', 2);
  const fw = sideArg(given, 'fw', 'f', 2);
  return {
    fh, fw, sh: sideArg(given, 'sh', 's', fh), sw: sideArg(given, 'sw', 's', fw),
    ph: sideArg(given, 'ph', 'p', 0), pw: sideArg(given, 'pw', 'p', 0), mode, ceil, global: false, outh: null, outw: null,
  };
}

/** POOL's padding may be at most half its window along each side (PyTorch refuses more); PyTorch
 *  has no adaptive LP pooling. */
function checkPool(a: PoolArgs): string | null {
  if (a.outh !== null && a.mode === 'l2') return 'adaptive pooling (out=) is max or avg: PyTorch has no adaptive l2 pooling';
  if (a.ph === a.pw && a.fh === a.fw) return a.ph * 2 > a.fh ? `padding p=${a.ph} is more than half the window f=${a.fh} (PyTorch refuses it)` : null;
  if (a.ph * 2 > a.fh) return `padding ph=${a.ph} is more than half the window height fh=${a.fh} (PyTorch refuses it)`;
  return a.pw * 2 > a.fw ? `padding pw=${a.pw} is more than half the window width fw=${a.fw} (PyTorch refuses it)` : null;
}

const WINDOW_KEYS = ['f', 'fh', 'fw', 's', 'sh', 'sw', 'p', 'ph', 'pw', 'round'];
const ADAPTIVE_KEYS = ['out', 'outh', 'outw'];

/** Adaptive pooling's output sides: each makes the window arguments meaningless. */
const ADAPTIVE_ARGS: readonly ArgSpec[] = [
  { key: 'out', type: 'int', min: 1, about: 'adaptive pooling: output size, both sides', sides: ['outh', 'outw'], excludes: WINDOW_KEYS },
  { key: 'outh', type: 'int', min: 1, about: 'adaptive pooling: output height', excludes: WINDOW_KEYS },
  { key: 'outw', type: 'int', min: 1, about: 'adaptive pooling: output width', excludes: WINDOW_KEYS },
];

/** torch.nn's pooling modules; global pooling as torchvision writes GAP. LPPool2d has no padding:
 *  a padded l2 pool is the export's own LPPool2 (export/prelude.ts). */
function poolModule({ args: x, input, windows }: TorchLayer<PoolArgs>): string {
  if (x.global) {
    if (x.mode === 'max') return 'nn.AdaptiveMaxPool2d(1)';
    if (x.mode === 'avg') return 'nn.AdaptiveAvgPool2d(1)';
    return `nn.LPPool2d(2, ${pair(input.height, input.width)})`;
  }
  if (x.outh !== null && x.outw !== null) return `nn.Adaptive${x.mode === 'max' ? 'Max' : 'Avg'}Pool2d(${pair(x.outh, x.outw)})`;
  const { height: h, width: w } = windows!;
  const k = pair(h.f, w.f);
  const s = pair(h.s, w.s);
  const p = pair(h.p, w.p);
  const ceil = bool(h.ceil);
  if (x.mode === 'max') return `nn.MaxPool2d(${k}, stride=${s}, padding=${p}, ceil_mode=${ceil})`;
  if (x.mode === 'avg') return `nn.AvgPool2d(${k}, stride=${s}, padding=${p}, ceil_mode=${ceil}, count_include_pad=True)`;
  if (h.p === 0 && w.p === 0) return `nn.LPPool2d(2, ${k}, stride=${s}, ceil_mode=${ceil})`;
  return `LPPool2(${k}, ${s}, ${p}, ceil_mode=${ceil})`;
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
    { key: 'global', type: 'flag', about: 'one window over the whole input', excludes: [...WINDOW_KEYS, ...ADAPTIVE_KEYS] },
    ...ADAPTIVE_ARGS,
  ],
  presets: { GAP: { mode: 'avg', global: 1 } },
  suffixArg: 'f',
  resolve: resolvePool,
  windows: poolWindows,
  check: checkPool,
  outputShape: (a, input) => windowedShape(poolWindows(a, input), input, input.depth),
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  elementOps: (a, input, out) =>
    mul('FLOPs', input.depth, windowOps(a.mode, windowInputs(a, input, out), mul('FLOPs', out.width, out.height))),
  notesName: (a) => {
    if (a.global) return 'GAP';
    if (a.outh !== null && a.outw !== null) return `POOL(out=${sizeText(a.outw, a.outh)})`;
    return `POOL${sizeText(a.fw, a.fh)}`;
  },
  weightsFormula: () => '0',
  workspace: () => 0,
  argsJson: sidesJson,
  receptiveField: windowStep,
  traits: (a) =>
    traitsOf({ keepsLinear: a.mode === 'avg', keepsSign: a.mode === 'max', collapsesSpace: a.global || (a.outh === 1 && a.outw === 1) }),
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
    writtenAs: '`POOLf`, `POOL`, `POOL(f=, s=, p=, mode=, round=, global)`; v3: `POOL(fh=3, fw=1)`, adaptive `POOL(mode=avg, out=7)`, `POOL(outh=, outw=)`',
    arguments: 'f >= 1, s >= 1, p >= 0 with 2p <= f, mode=max\\|avg\\|l2, round=floor\\|ceil (v2), `global` flag (v2); per side (v3): fh, fw, sh, sw, ph, pw instead of f, s or p; adaptive (v3): out >= 1 (or outh, outw; not with f, s, p, round or l2)',
    defaults: 'f=2, s=f, p=0, mode=max, round=floor; per side: sh=fh, sw=fw; adaptive: a side without outh or outw keeps its size',
    output: "W' x H' x D; `global`: 1 x 1 x D; adaptive: outw x outh x D",
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: 'max: f*f - 1 comparisons; avg: f*f (f*f - 1 adds and a divide); l2: 2*f*f (f*f squares, f*f - 1 adds, a square root); fh*fw for f*f; global: as these with the window W*H instead of f*f; adaptive: as these with each output\'s own window (the sizes of the actual windows, summed over the outputs)',
    keeps: "max: its input and one index per output element; avg: nothing (PyTorch's avg_pool2d: its input); l2: its input and its output (PyTorch's LPPool2d, a chain of operations: its input, its square and four pooled tensors)",
  },
};
