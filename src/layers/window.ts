// The sliding-window rule shared by CONV, LOCAL and POOL (cs231n: (W - F + 2P)/S + 1), and what is
// left over when the window cannot slide cleanly from edge to edge.

import type { Window } from './types.js';

export type Side = 'width' | 'height';

export interface WindowFit {
  readonly side: Side;
  readonly input: number;
  readonly window: Window;
  /** floor((W - f + 2p)/s) + 1, as frameworks compute it (may be below 1: an error). */
  readonly output: number;
  /** (W - f + 2p)/s + 1 before flooring, e.g. 110.5. */
  readonly exact: number;
  /** True when (W - f + 2p) is divisible by s. */
  readonly clean: boolean;
  /** Input rows or columns (0-based, inclusive) that no window covers; null if none. */
  readonly uncoveredInput: { readonly first: number; readonly last: number } | null;
  /** How many padding rows or columns at the far edge no window covers. */
  readonly uncoveredPadding: number;
}

export function fitWindow(side: Side, input: number, window: Window): WindowFit {
  const { f, s, p } = window;
  const span = input - f + 2 * p;
  const output = Math.floor(span / s) + 1;
  const clean = span >= 0 && span % s === 0;
  let uncoveredInput: WindowFit['uncoveredInput'] = null;
  let uncoveredPadding = 0;
  if (!clean && output >= 1) {
    // In padded coordinates the last window ends at (output - 1)*s + f - 1; the padded input ends
    // at input + 2p - 1. What lies between is never seen: real input first, then the far padding.
    const firstUnseen = (output - 1) * s + f;
    const paddedEnd = input + 2 * p - 1;
    const lastInput = p + input - 1;
    if (firstUnseen <= lastInput) uncoveredInput = { first: firstUnseen - p, last: input - 1 };
    uncoveredPadding = paddedEnd - Math.max(firstUnseen, lastInput + 1) + 1;
  }
  return { side, input, window, output, exact: span / s + 1, clean, uncoveredInput, uncoveredPadding };
}

/** "floor((227 - 11 + 2*0)/4) + 1 = 55": the formula with its numbers, for messages. */
export function explainWindow(fit: WindowFit): string {
  const { f, s, p } = fit.window;
  return `floor((${fit.input} - ${f} + 2*${p})/${s}) + 1 = ${fit.output}`;
}
