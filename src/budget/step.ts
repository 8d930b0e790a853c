// One step's budget, summarised as `cnncalc budget` prints it, for the callers that need no
// --max-batch and no gates beyond the memory limit: the HTML report and the playground.

import type { Analysis } from '../analysis/analyze.js';
import type { Device } from './devices.js';
import { evaluate } from './estimate.js';
import { checkGates } from './gates.js';
import { buildModel, type ModelOptions } from './moments.js';
import type { Runtime } from './runtimes.js';
import { summarize, type BudgetSummary } from './summary.js';

/** A step as the options give it: the model's options, and the limit it is held against. */
export interface BudgetStep {
  readonly model: ModelOptions;
  readonly device: Device | null;
  /** The device's memory, a given limit, or null when neither is given. */
  readonly limit: number | null;
  readonly runtime: Runtime;
}

export function summarizeStep(file: string, analysis: Analysis, step: BudgetStep, batch: number): BudgetSummary {
  const estimate = evaluate(buildModel(analysis, step.model), batch);
  const gates = checkGates(analysis, estimate, { memory: step.limit ?? undefined });
  return summarize(file, analysis, estimate, { limit: step.limit, device: step.device, runtime: step.runtime, maxBatch: null, gates });
}
