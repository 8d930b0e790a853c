// The memory guard of verify and run: before anything is allocated, the bytes the budget predicts
// for the run are compared with the limit (--max-memory, default 4 GiB); over it, the run is refused
// with both figures.

import type { Analysis } from '../analysis/analyze.js';
import { grouped } from '../util/grouped.js';
import type { OptimizerName } from './optim/optimizers.js';
import { executorPeak, predictBudget } from './verify.js';

export const DEFAULT_MAX_MEMORY = 4 * 1024 ** 3;

export class MemoryGuardError extends Error {
  override readonly name = 'MemoryGuardError';
  constructor(readonly predicted: number, readonly limit: number, hint: string) {
    super(`the run would need ${grouped(predicted)} bytes (the budget's prediction), more than the limit of ${grouped(limit)} bytes; ${hint}`);
  }
}

/** Predicted peak bytes of a run; throws MemoryGuardError above `limit`. */
export function guardMemory(analysis: Analysis, o: { batch: number; train: boolean; optimizer: OptimizerName }, limit: number): number {
  const predicted = executorPeak(predictBudget(analysis, o));
  if (predicted > limit) throw new MemoryGuardError(predicted, limit, 'lower --batch or raise --max-memory');
  return predicted;
}
