// One torch.nn module per layer: the constructor call, in Python, that computes what the notation
// contract and the executor compute for that layer (defaults already applied by the analysis).
// Geometry comes from the layer's own windows (layers/*.ts), never re-derived here.
// RELU is in place exactly where the autograd plan (budget/autograd.ts) says the budget assumes it.

import type { LayerAnalysis } from '../analysis/analyze.js';
import { BN_EPS } from '../exec/kernels/bn.js';
import { definitionOf } from '../layers/index.js';
import type { Windows } from '../layers/types.js';

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** Kinds whose torch module needs an N,C,H,W input (an FC's [N, n] output is viewed as [N, n, 1, 1]). */
const NEEDS_4D = new Set(['conv', 'local', 'pool', 'lrn', 'bn']);

export function needs4d(a: LayerAnalysis): boolean {
  return NEEDS_4D.has(a.layer.kind);
}

/** A number as Python reads it back exactly (JavaScript's shortest round-trip form is valid Python). */
export function py(n: number): string {
  if (!Number.isFinite(n)) throw new ExportError(`cannot write ${n} as a Python number`);
  return String(n);
}

const pair = (h: number, w: number): string => (h === w ? py(h) : `(${py(h)}, ${py(w)})`);
const bool = (b: boolean): string => (b ? 'True' : 'False');

function windowsOf(a: LayerAnalysis): Windows {
  const def = definitionOf(a.layer) as { windows?: (args: unknown, input: unknown) => Windows };
  if (!def.windows) throw new ExportError(`layer ${a.node.id} (${a.node.text}) has no window`);
  return def.windows(a.layer.args, a.input);
}

function convModule(a: LayerAnalysis & { layer: { kind: 'conv' } }): string {
  const { height: h, width: w } = windowsOf(a);
  const x = a.layer.args;
  return (
    `nn.Conv2d(${py(a.input.depth)}, ${py(x.k)}, kernel_size=${pair(h.f, w.f)}, stride=${pair(h.s, w.s)}, ` +
    `padding=${pair(h.p, w.p)}, dilation=${pair(h.d, w.d)}, groups=${py(x.g)}, bias=${bool(x.bias)})`
  );
}

function localModule(a: LayerAnalysis & { layer: { kind: 'local' } }): string {
  const { width: w } = windowsOf(a); // LOCAL's windows are square (layers/local.ts)
  const x = a.layer.args;
  return `Local2d(${py(a.input.depth)}, ${py(x.k)}, ${py(w.f)}, ${py(w.s)}, ${py(w.p)}, ${py(w.d)}, ${py(a.output.height)}, ${py(a.output.width)}, bias=${bool(x.bias)})`;
}

function poolModule(a: LayerAnalysis & { layer: { kind: 'pool' } }): string {
  const x = a.layer.args;
  if (x.global) {
    // One window over the whole input, as torchvision writes GAP
    if (x.mode === 'max') return 'nn.AdaptiveMaxPool2d(1)';
    if (x.mode === 'avg') return 'nn.AdaptiveAvgPool2d(1)';
    return `nn.LPPool2d(2, ${pair(a.input.height, a.input.width)})`;
  }
  const { height: h, width: w } = windowsOf(a);
  const k = pair(h.f, w.f);
  const s = pair(h.s, w.s);
  const p = pair(h.p, w.p);
  const ceil = bool(h.ceil);
  if (x.mode === 'max') return `nn.MaxPool2d(${k}, stride=${s}, padding=${p}, ceil_mode=${ceil})`;
  if (x.mode === 'avg') return `nn.AvgPool2d(${k}, stride=${s}, padding=${p}, ceil_mode=${ceil}, count_include_pad=True)`;
  if (h.p === 0 && w.p === 0) return `nn.LPPool2d(2, ${k}, stride=${s}, ceil_mode=${ceil})`;
  return `LPPool2(${py(w.f)}, ${py(w.s)}, ${py(w.p)}, ceil_mode=${ceil})`;
}

/** The Python expression that constructs layer `a`'s module. */
export function moduleFor(a: LayerAnalysis, reluInPlace: boolean): string {
  const l = a.layer;
  switch (l.kind) {
    case 'conv':
      return convModule(a as LayerAnalysis & { layer: typeof l });
    case 'local':
      return localModule(a as LayerAnalysis & { layer: typeof l });
    case 'pool':
      return poolModule(a as LayerAnalysis & { layer: typeof l });
    case 'fc':
      return `FC(${py(a.input.width * a.input.height * a.input.depth)}, ${py(l.args.n)})`;
    case 'relu':
      return `nn.ReLU(inplace=${bool(reluInPlace)})`;
    case 'tanh':
      return 'nn.Tanh()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'softmax':
      return 'nn.Softmax(dim=1)';
    case 'dropout':
      return `nn.Dropout(p=${py(l.args.p)})`;
    case 'lrn':
      return `nn.LocalResponseNorm(${py(l.args.size)}, alpha=${py(l.args.alpha)}, beta=${py(l.args.beta)}, k=${py(l.args.k)})`;
    case 'bn':
      return `nn.BatchNorm2d(${py(a.input.depth)}, eps=${py(BN_EPS)})`; // momentum 0.1 in both
    case 'concat':
      return 'Concat()';
    case 'add':
      return 'Add()';
    case 'input':
      throw new ExportError('INPUT is the forward pass argument, not a module');
    default: {
      const kind: never = l;
      throw new ExportError(`cnncalc export cannot write a ${(kind as { kind: string }).kind} layer for PyTorch`);
    }
  }
}
