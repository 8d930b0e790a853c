// Receptive-field steps the kinds declare (cs231n 4.1: three stacked 3x3 convs see 7x7). From r=1,
// j=1 at INPUT, a window of size f and stride s gives r = r_prev + (f-1)*j_prev and j = j_prev*s;
// with dilation f is the window's extent d*(f-1)+1. A kind that changes resolution without a window
// declares its own step: an upsampling or a transposed convolution divides the jump, which is then
// an exact fraction (util/ratio.ts), and so can the field of the windows after it be.

import { extent } from './window.js';
import { plus, ratio, times, type Rational } from '../util/ratio.js';
import type { ReceptiveField, Windows } from './types.js';

/** A sliding window: the larger side's window grows the field and multiplies the jump. */
export function windowStep(_args: unknown, previous: ReceptiveField, windows: Windows | null): ReceptiveField {
  if (!windows) return previous;
  const w = windows.width.f >= windows.height.f ? windows.width : windows.height;
  return resampled(previous, extent(w), w.s);
}

/** Each output combines `taps` neighbouring inputs per side, and neighbouring outputs lie `factor`
 *  input positions apart (a fraction for an upsampling: 1/2 for 2x). */
export function resampled(previous: ReceptiveField, taps: number, factor: Rational): ReceptiveField {
  return {
    size: plus(previous.size, times(taps - 1, previous.stride, 'receptive field')),
    stride: times(previous.stride, factor),
  };
}

/** The jump's factor along a side that goes from `input` to `output` positions: input/output. */
export const rescaling = (input: number, output: number): Rational => ratio(input, output);

/** Layers that look at one position at a time (activations, normalisations over depth, merges). */
export function sameField(_args: unknown, previous: ReceptiveField): ReceptiveField {
  return previous;
}

/** Every output sees the whole input (FC): no field to speak of. */
export function wholeInput(): null {
  return null;
}
