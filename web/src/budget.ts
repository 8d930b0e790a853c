// The budget panel's figures: what `cnncalc budget FILE --batch B --dtype D --optimizer O
// [--runtime R | --device NAME]` prints, made by the same library calls with the CLI's defaults
// (the CUDA context, cuBLAS and cuDNN workspaces of budget/cuda.ts). A device implies the
// pytorch-cuda runtime, as on the command line; the controls keep the two consistent.

import type { Analysis } from '../../src/analysis/analyze.js';
import { defaultCudaOptions } from '../../src/budget/cuda.js';
import { findDevice } from '../../src/budget/devices.js';
import { summarizeStep } from '../../src/budget/step.js';
import type { BudgetSummary } from '../../src/budget/summary.js';
import { RUNTIMES, runtimeOptions } from '../../src/budget/runtimes.js';
import { FigureOverflow } from '../../src/util/exact.js';
import type { Controls } from './state.js';

export type BudgetResult = { readonly summary: BudgetSummary } | { readonly error: string };

export function budgetOf(file: string, analysis: Analysis, c: Controls): BudgetResult {
  const device = findDevice(c.device) ?? null;
  const runtime = RUNTIMES[device ? 'pytorch-cuda' : c.runtime];
  try {
    const cuda = runtime.gpu ? defaultCudaOptions(device) : null;
    const model = { dtype: c.dtype, optimizer: c.optimizer, inference: false, reserve: device?.reserve ?? 0, ...runtimeOptions(runtime), cuda };
    return { summary: summarizeStep(file, analysis, { model, device, limit: device?.memory ?? null, runtime }, c.batch) };
  } catch (e) {
    if (!(e instanceof FigureOverflow)) throw e;
    // the CLI's words (cli/commands/budget.ts)
    return { error: `${file}: the ${e.message}; cnncalc refuses to print an inexact figure (try a smaller batch)` };
  }
}
