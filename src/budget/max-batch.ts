// The largest batch whose training step (or inference pass) fits a memory limit, solved rather than
// searched. At every moment of moments.ts the live bytes are affine in the batch b:
//     live_m(b) = fixed_m + b * perImage_m
// with fixed_m = parameters + gradients + optimizer state + reserve + platform + reused workspace + temporaries
// and perImage_m = input + saved tensors + buffers (+ im2col columns when they are per batch), all
// exact integers. The total is the largest moment, so total(b) <= limit exactly when every moment
// fits: b <= floor((limit - fixed_m) / perImage_m) for every m. The answer is the smallest of these
// floors, computed in BigInt; it is then checked by evaluating the estimate at b and b + 1.
// Under pytorch-cuda the total is the caching allocator's segments (cuda-memory.ts), which round
// each tensor and are not affine in b: the affine answer for the tensors' own bytes bounds the
// batch from above (segments hold at least those bytes), and bisection below it finds a b that
// fits with b + 1 not fitting. Segment sizes are not monotone in b (a 9 MiB tensor takes a 20 MiB
// segment, an 11 MiB one 12 MiB), so a larger batch may, rarely, fit again: the answer is the
// first batch at which the step stops fitting.

import { cudaFigures } from './cuda-memory.js';
import { evaluate } from './estimate.js';
import type { Model, Moment } from './moments.js';
import { FigureOverflow, sum } from '../util/exact.js';

export interface MaxBatch {
  /** The largest batch that fits; 0 when not even one image does. */
  readonly batch: number;
  /** The moment that limits it (the first to overflow at batch + 1). */
  readonly limitedBy: Moment | null;
}

function parts(model: Model, m: Moment): { fixed: number; perImage: number } {
  return {
    fixed: sum('total bytes', [model.parameters, m.gradients, model.optimizerState, model.reserve, model.platform, m.workspaceFixed, m.temporaries]),
    perImage: sum('bytes per image', [model.input, m.saved, m.buffers, m.workspacePerImage]),
  };
}

/** Whether the step at this batch fits. A total past 2^53 - 1 cannot be exact, but it is certainly
 *  above any limit (limits are safe integers): it does not fit, which is all this question needs. */
function fits(model: Model, batch: number, limit: number): boolean {
  try {
    return evaluate(model, batch).bytes.total <= limit;
  } catch (e) {
    if (e instanceof FigureOverflow) return false;
    throw e;
  }
}

/** Largest batch with total <= limit; `cap` bounds the answer (a batch must stay exact). */
export function maxBatch(model: Model, limit: number, cap = Number.MAX_SAFE_INTEGER): MaxBatch {
  const moments: readonly Moment[] = model.moments.length > 0 ? model.moments : [{ phase: 'forward', layer: null, saved: 0, buffers: 0, workspacePerImage: 0, workspaceFixed: 0, temporaries: 0, gradients: model.gradients }];
  let best = BigInt(cap);
  let limitedBy: Moment | null = null;
  for (const m of moments) {
    const { fixed, perImage } = parts(model, m);
    const room = BigInt(limit) - BigInt(fixed);
    const b = room < 0n ? 0n : perImage === 0 ? best : room / BigInt(perImage);
    if (b < best) [best, limitedBy] = [b, m];
  }
  let batch = Number(best);
  const cuda = model.options.cuda;
  if (cuda) {
    batch = bisect(model, batch, limit);
    if (batch < cap) limitedBy = peakMoment(model, batch + 1) ?? limitedBy;
  }
  // Safety net against a moment the solution above missed: the estimate itself must agree.
  while (batch > 0 && !fits(model, batch, limit)) batch--;
  if (batch < cap && batch > 0 && fits(model, batch + 1, limit)) {
    throw new Error(`max-batch: batch ${batch + 1} also fits; the affine solution is wrong`);
  }
  return { batch, limitedBy };
}

/** The largest b <= hi with the step fitting and b + 1 not (0 when batch 1 does not fit). */
function bisect(model: Model, hi: number, limit: number): number {
  if (fits(model, hi, limit)) return hi;
  let lo = 0; // invariant: lo fits (or is 0), hi does not
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (fits(model, mid, limit)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The moment with the most segments at this batch (under pytorch-cuda), or null past 2^53 - 1. */
function peakMoment(model: Model, batch: number): Moment | null {
  try {
    return model.moments[cudaFigures(model, model.options.cuda!, batch).peakIndex] ?? null;
  } catch (e) {
    if (e instanceof FigureOverflow) return null;
    throw e;
  }
}
