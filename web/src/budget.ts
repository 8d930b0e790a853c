// The budget panel's figures: what `cnncalc budget FILE --batch B --dtype D --optimizer O
// [--runtime R | --device NAME]` prints, made by the same library calls with the CLI's defaults
// (the CUDA context, cuBLAS and cuDNN workspaces of budget/cuda.ts). A device implies the
// pytorch-cuda runtime, as on the command line; the controls keep the two consistent.

import type { Analysis } from '../../src/analysis/analyze.js';
import { cublasWorkspaceFor, DEFAULT_CAPABILITY, DEFAULT_CONTEXT, type CudaOptions } from '../../src/budget/cuda.js';
import { findDevice, type Device } from '../../src/budget/devices.js';
import { evaluate } from '../../src/budget/estimate.js';
import { checkGates } from '../../src/budget/gates.js';
import { buildModel } from '../../src/budget/moments.js';
import { RUNTIMES, runtimeOptions, type Runtime } from '../../src/budget/runtimes.js';
import { summarize, type BudgetSummary } from '../../src/budget/summary.js';
import { FigureOverflow } from '../../src/util/exact.js';
import type { Controls } from './state.js';

export type BudgetResult = { readonly summary: BudgetSummary } | { readonly error: string };

function cudaFor(runtime: Runtime, device: Device | null): CudaOptions | null {
  if (!runtime.gpu) return null;
  return { context: DEFAULT_CONTEXT, cublasWorkspace: cublasWorkspaceFor(device?.capability ?? DEFAULT_CAPABILITY), cudnnWorkspace: null };
}

export function budgetOf(file: string, analysis: Analysis, c: Controls): BudgetResult {
  const device = findDevice(c.device) ?? null;
  const runtime = RUNTIMES[device ? 'pytorch-cuda' : c.runtime];
  try {
    const options = { dtype: c.dtype, optimizer: c.optimizer, inference: false, reserve: device?.reserve ?? 0, ...runtimeOptions(runtime), cuda: cudaFor(runtime, device) };
    const estimate = evaluate(buildModel(analysis, options), c.batch);
    const limit = device?.memory ?? null;
    const gates = checkGates(analysis, estimate, { memory: limit ?? undefined });
    return { summary: summarize(file, analysis, estimate, { limit, device, runtime, maxBatch: null, gates }) };
  } catch (e) {
    if (!(e instanceof FigureOverflow)) throw e;
    // the CLI's words (cli/commands/budget.ts)
    return { error: `${file}: the ${e.message}; cnncalc refuses to print an inexact figure (try a smaller batch)` };
  }
}
