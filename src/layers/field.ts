// Receptive-field steps the kinds declare (cs231n 4.1: three stacked 3x3 convs see 7x7). From r=1,
// j=1 at INPUT, a window of size f and stride s gives r = r_prev + (f-1)*j_prev and j = j_prev*s;
// with dilation f is the window's extent d*(f-1)+1. A kind that changes resolution without a window
// declares its own step (an upsample divides the jump).

import { add, mul } from '../util/exact.js';
import type { ReceptiveField, Windows } from './types.js';
import { extent } from './window.js';

/** A sliding window: the larger side's window grows the field and multiplies the jump. */
export function windowStep(_args: unknown, previous: ReceptiveField, windows: Windows | null): ReceptiveField {
  if (!windows) return previous;
  const w = windows.width.f >= windows.height.f ? windows.width : windows.height;
  return {
    size: add('receptive field', previous.size, mul('receptive field', extent(w) - 1, previous.stride)),
    stride: mul('effective stride', previous.stride, w.s),
  };
}

/** Layers that look at one position at a time (activations, normalisations over depth, merges). */
export function sameField(_args: unknown, previous: ReceptiveField): ReceptiveField {
  return previous;
}

/** Every output sees the whole input (FC): no field to speak of. */
export function wholeInput(): null {
  return null;
}
