// The largest batch whose training step (or inference pass) fits a memory limit, solved rather than
// searched. At every moment of moments.ts the live bytes are affine in the batch b:
//     live_m(b) = fixed_m + b * perImage_m
// with fixed_m = parameters + gradients + optimizer state + reserve + platform + reused workspace + temporaries
// and perImage_m = input + saved tensors + buffers (+ im2col columns when they are per batch), all
// exact integers. The total is the largest moment, so total(b) <= limit exactly when every moment
// fits: b <= floor((limit - fixed_m) / perImage_m) for every m. The answer is the smallest of these
// floors, computed in BigInt; it is then checked by evaluating the estimate at b and b + 1.

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
  // Safety net against a moment the solution above missed: the estimate itself must agree.
  while (batch > 0 && !fits(model, batch, limit)) batch--;
  if (batch < cap && batch > 0 && fits(model, batch + 1, limit)) {
    throw new Error(`max-batch: batch ${batch + 1} also fits; the affine solution is wrong`);
  }
  return { batch, limitedBy };
}
