// The sliding-window rule shared by CONV, LOCAL and POOL (cs231n: (W - F + 2P)/S + 1), and what is
// left over when the window cannot slide cleanly from edge to edge. A dilated window (d > 1) spans
// d*(f-1)+1 inputs; with ceil rounding a last, partial window is added, as PyTorch does, unless it
// would start beyond the input and the near padding. An adaptive window (POOL(out=7)) gives its
// `out` outputs whatever the input: it always fits, and covers every input.

import type { Window } from './types.js';

export type Side = 'width' | 'height';

export interface WindowFit {
  readonly side: Side;
  readonly input: number;
  readonly window: Window;
  /** floor (or ceil) of (W - F + 2p)/s, plus 1, where F = d*(f-1)+1; may be below 1: an error. */
  readonly output: number;
  /** (W - F + 2p)/s + 1 before rounding, e.g. 110.5. */
  readonly exact: number;
  /** True when (W - F + 2p) is divisible by s. */
  readonly clean: boolean;
  /** Input rows or columns (0-based, inclusive) that no window covers; null if none. */
  readonly uncoveredInput: { readonly first: number; readonly last: number } | null;
  /** How many padding rows or columns at the far edge no window covers. */
  readonly uncoveredPadding: number;
}

/** The input positions one window spans: d*(f-1)+1. */
export function extent(window: Window): number {
  return window.d * (window.f - 1) + 1;
}

/** The output size alone, as fitWindow(...).output (shapes need no more than this). */
export function windowOutput(input: number, window: Window): number {
  return window.out ?? outputSize(input, window);
}

function outputSize(input: number, window: Window): number {
  const span = input - extent(window) + 2 * window.p;
  if (!window.ceil) return Math.floor(span / window.s) + 1;
  let out = Math.ceil(span / window.s) + 1;
  // PyTorch: the last window must start inside the input or the left padding.
  if ((out - 1) * window.s >= input + window.p) out--;
  return out;
}

export function fitWindow(side: Side, input: number, window: Window): WindowFit {
  if (window.out !== undefined) {
    return { side, input, window, output: window.out, exact: window.out, clean: true, uncoveredInput: null, uncoveredPadding: 0 };
  }
  const { s, p } = window;
  const span = input - extent(window) + 2 * p;
  const output = outputSize(input, window);
  const clean = span >= 0 && span % s === 0;
  let uncoveredInput: WindowFit['uncoveredInput'] = null;
  let uncoveredPadding = 0;
  if (!clean && output >= 1) {
    // In padded coordinates the last window ends at (output - 1)*s + F - 1; the padded input ends
    // at input + 2p - 1. What lies between is never seen: real input first, then the far padding.
    const firstUnseen = (output - 1) * s + extent(window);
    const paddedEnd = input + 2 * p - 1;
    const lastInput = p + input - 1;
    if (firstUnseen <= lastInput) uncoveredInput = { first: firstUnseen - p, last: input - 1 };
    uncoveredPadding = Math.max(0, paddedEnd - Math.max(firstUnseen, lastInput + 1) + 1);
  }
  return { side, input, window, output, exact: span / s + 1, clean, uncoveredInput, uncoveredPadding };
}

/** "floor((227 - 11 + 2*0)/4) + 1 = 55": the formula with its numbers, for messages. */
export function explainWindow(fit: WindowFit): string {
  const { s, p, d, ceil } = fit.window;
  const f = d === 1 ? String(fit.window.f) : `(${d}*(${fit.window.f}-1)+1)`;
  return `${ceil ? 'ceil' : 'floor'}((${fit.input} - ${f} + 2*${p})/${s}) + 1 = ${fit.output}`;
}

/** A plain square window: size f, stride s, padding p, no dilation, floor rounding. */
export function squareWindow(f: number, s: number, p: number, d = 1, ceil = false): Window {
  return { f, s, p, d, ceil };
}

/** Output i of an adaptive window over n inputs with `out` outputs spans [start, end) (torch's
 *  adaptive pooling: start floor(i*n/out), end ceil((i+1)*n/out)); neighbouring windows overlap
 *  where out does not divide n. */
export function adaptiveSpan(i: number, n: number, out: number): { readonly start: number; readonly end: number } {
  return { start: Math.floor((i * n) / out), end: Math.ceil(((i + 1) * n) / out) };
}

/** The inputs all `out` windows span together, counted with repeats (the element ops of a pool). */
export function adaptiveTotal(n: number, out: number): number {
  let total = 0;
  for (let i = 0; i < out; i++) {
    const { start, end } = adaptiveSpan(i, n, out);
    total += end - start;
  }
  return total;
}

/** An adaptive window over n inputs as a Window: f the largest of its windows (the receptive field
 *  grows by it), s = ceil(n/out), the largest step between neighbouring window starts (the jump, an
 *  upper bound where out does not divide n and the steps alternate between floor and ceil). */
export function adaptiveWindow(n: number, out: number): Window {
  let f = 0;
  for (let i = 0; i < out; i++) {
    const { start, end } = adaptiveSpan(i, n, out);
    f = Math.max(f, end - start);
  }
  return { f, s: Math.ceil(n / out), p: 0, d: 1, ceil: false, out };
}
