// The budget part of the library: estimate a step's memory, solve for the largest batch, the named
// devices, the CI gates and the model's documentation.

export { estimateBudget, evaluate, type BudgetOptions, type BudgetBytes, type BudgetEstimate, type LayerBudget, type PeakMoment, type BudgetDtype } from './estimate.js';
export { type Optimizer as BudgetOptimizer } from './precision.js';
export { BUDGET_DTYPES, OPTIMIZERS, isBudgetDtype, isOptimizer } from './precision.js';
export { buildModel, type Model } from './moments.js';
export { RUNTIME_NAMES, RUNTIMES, isRuntime, runtimeOptions, type Runtime, type RuntimeName } from './runtimes.js';
export { maxBatch, type MaxBatch } from './max-batch.js';
export { DEVICES, findDevice, type Device } from './devices.js';
export { checkGates, type Gate, type GateLimits } from './gates.js';
export { EXPLAIN as BUDGET_EXPLAIN } from './explain.js';
export { summarize, type BudgetSummary, type TermRow } from './summary.js';
export { summarizeStep, type BudgetStep } from './step.js';
