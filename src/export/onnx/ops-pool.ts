// POOL as ONNX operators, computing what the executor's pooling kernel computes (exec/kernels/pool.ts):
// max as MaxPool (UNPOOL: MaxUnpool); avg as AveragePool counting the padding; l2 as LpPool(p=2); global ones as
// GlobalMaxPool, GlobalAveragePool, GlobalLpPool. ONNX's ceil_mode does not clip the last window
// to the padded input as PyTorch does, so every window is written with ceil_mode 0 and end pads
// that give the analysis' output size. Where a ceil-mode window overhangs the padded input, avg and
// l2 divide by the part inside it (PyTorch's divisor): the window's sum (a full-window average
// times f*f) over a constant of per-position divisors. Adaptive pooling with equal windows is plain
// pooling; with unequal ones avg is a MatMul per side by the averaging matrix, max a ReduceMax per
// output row and column.

import type { PoolArgs, Window } from '../../layers/types.js';
import { pads, type KindOps, type LayerGraph } from './layer-graph.js';

const GLOBAL = { max: 'GlobalMaxPool', avg: 'GlobalAveragePool', l2: 'GlobalLpPool' } as const;

/** Output o's window along a side of n inputs: [lo, hi) within the input, and its length inside
 *  the padded input (avg's divisor), as the kernel's span(). */
function span(o: number, w: Window, n: number): { lo: number; hi: number; padded: number } {
  if (w.out !== undefined) {
    const lo = Math.floor((o * n) / w.out);
    const hi = Math.ceil(((o + 1) * n) / w.out);
    return { lo, hi, padded: hi - lo };
  }
  const start = o * w.s - w.p;
  const end = Math.min(start + w.f, n + w.p);
  return { lo: Math.max(start, 0), hi: Math.min(end, n), padded: end - start };
}

/** The end pad that makes ceil_mode-0 pooling give `out` outputs (floor((n + p + end - f)/s) + 1). */
const endPad = (w: Pick<Window, 'f' | 's' | 'p'>, n: number, out: number): number => Math.max((out - 1) * w.s + w.f - n - w.p, 0);

/** The per-position divisors [outH, outW] where some window overhangs the padded input, else null. */
function partialDivisors(wh: Window, ww: Window, H: number, W: number, outH: number, outW: number): number[] | null {
  const rows = Array.from({ length: outH }, (_, o) => span(o, wh, H).padded);
  const cols = Array.from({ length: outW }, (_, o) => span(o, ww, W).padded);
  if (rows.every((r) => r === wh.f) && cols.every((c) => c === ww.f)) return null;
  return rows.flatMap((r) => cols.map((c) => r * c));
}

type Side = Pick<Window, 'f' | 's' | 'p'>;

/** A window's attributes over an H x W input giving outH x outW outputs (end pads for ceil mode). */
function windowAttrs(wh: Side, ww: Side, H: number, W: number, outH: number, outW: number): { kernel_shape: number[]; strides: number[]; pads: number[] } {
  return { kernel_shape: [wh.f, ww.f], strides: [wh.s, ww.s], pads: pads(wh.p, ww.p, endPad(wh, H, outH), endPad(ww, W, outW)) };
}

function windowed(a: PoolArgs, l: LayerGraph, wh: Window, ww: Window): string {
  const { height: H, width: W } = l.layer.input;
  const { height: outH, width: outW } = l.layer.output;
  const attrs = windowAttrs(wh, ww, H, W, outH, outW);
  const x = l.inputs[0]!;
  if (a.mode === 'max') return l.op('MaxPool', [x], attrs);
  const divisors = partialDivisors(wh, ww, H, W, outH, outW);
  if (divisors === null) return a.mode === 'avg' ? l.op('AveragePool', [x], { ...attrs, count_include_pad: 1 }) : l.op('LpPool', [x], { ...attrs, p: 2 });
  // sum over the window = its average over all f*f places (the overhang counted as zeros) * f*f
  const area = wh.f * ww.f;
  const scaled = (v: string): string => l.op('Mul', [l.op('AveragePool', [v], { ...attrs, count_include_pad: 1 }), l.floats([], [area])]);
  const divisor = l.floats([outH, outW], divisors);
  if (a.mode === 'avg') return l.op('Div', [scaled(x), divisor]);
  // LPPool2d's sqrt(avg_pool2d(x^2) * f*f): the sum of squares times f*f over the divisor
  return l.op('Sqrt', [l.op('Div', [l.op('Mul', [scaled(l.op('Mul', [x, x])), l.floats([], [area])]), divisor])]);
}

/** Max over axis [lo, hi) of `x`, kept as a size-1 axis (ReduceMax's axes became an input in opset 18). */
function reduceMax(l: LayerGraph, x: string, axis: number, lo: number, hi: number): string {
  const part = l.op('Slice', [x, l.ints([lo]), l.ints([hi]), l.ints([axis])]);
  return l.opset >= 18 ? l.op('ReduceMax', [part, l.ints([axis])], { keepdims: 1 }) : l.op('ReduceMax', [part], { axes: [axis], keepdims: 1 });
}

/** The [out, n] matrix whose row o averages output o's window. */
function averaging(w: Window, n: number): number[] {
  const m = new Array<number>(w.out! * n).fill(0);
  for (let o = 0; o < w.out!; o++) {
    const { lo, hi } = span(o, w, n);
    for (let i = lo; i < hi; i++) m[o * n + i] = 1 / (hi - lo);
  }
  return m;
}

/** Adaptive pooling with unequal windows, one side (axis 2: the height, 3: the width) at a time. */
function adaptiveSide(a: PoolArgs, l: LayerGraph, x: string, axis: 2 | 3, w: Window, n: number): string {
  const out = w.out!;
  if (a.mode === 'avg') {
    const m = averaging(w, n);
    if (axis === 2) return l.op('MatMul', [l.floats([out, n], m), x]);
    const transposed = Array.from({ length: n * out }, (_, k) => m[(k % out) * n + Math.floor(k / out)]!);
    return l.op('MatMul', [x, l.floats([n, out], transposed)]);
  }
  const parts = Array.from({ length: out }, (_, o) => span(o, w, n)).map(({ lo, hi }) => reduceMax(l, x, axis, lo, hi));
  return parts.length === 1 ? parts[0]! : l.op('Concat', parts, { axis });
}

export const pool: KindOps<'pool'> = (a, l) => {
  if (a.global) return l.op(GLOBAL[a.mode], [l.inputs[0]!], a.mode === 'l2' ? { p: 2 } : {});
  const { height: wh, width: ww } = l.windows();
  const { height: H, width: W } = l.layer.input;
  const equal = (w: Window, n: number): boolean => w.out === undefined || n % w.out === 0;
  if (equal(wh, H) && equal(ww, W)) {
    const plain = (w: Window, n: number): Window => (w.out === undefined ? w : { f: n / w.out, s: n / w.out, p: 0, d: 1, ceil: false });
    return windowed(a, l, plain(wh, H), plain(ww, W));
  }
  return adaptiveSide(a, l, adaptiveSide(a, l, l.inputs[0]!, 3, ww, W), 2, wh, H);
};

/** UNPOOL: MaxUnpool, fed the indices of a MaxPool run again over the pool's input (inputs[1]) with
 *  the pool's window: the same maxima as the pool's, found as the executor's kernel finds them,
 *  and the pool's own node keeps its one output. */
export const unpool: KindOps<'unpool'> = (a, l) => {
  const { height: outH, width: outW } = l.layer.input;
  const { height: H, width: W } = l.layer.output;
  const attrs = windowAttrs({ f: a.fh, s: a.sh, p: a.ph }, { f: a.fw, s: a.sw, p: a.pw }, H, W, outH, outW);
  const [, indices] = l.opOutputs('MaxPool', [l.inputs[1]!], attrs, 2);
  return l.op('MaxUnpool', [l.inputs[0]!, indices!, l.op('Shape', [l.inputs[1]!])], attrs);
};