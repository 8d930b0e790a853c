// The executor's public API: verify a network's predictions by running it, run it on data, and the
// kernels themselves (plain functions over Float32Array; layout in tensor.ts).

export { verifyAnalysis, predictBudget, executorPeak, type VerifyReport, type VerifyOptions, type LayerCheck, type MemoryCheck, type Check } from './verify.js';
export { runNetwork, inputShape, InputShapeError, type RunOptions, type RunResult } from './run.js';
export { runSession, type Session, type SessionOptions } from './session.js';
export { buildNetwork, type ExecNetwork, type ExecLayer, type ParamTensor } from './build.js';
export { loadWeights, namedParameters, tensorName, WeightsError, type NamedTensor } from './weights.js';
export { guardMemory, guardHeap, predictRunNeed, MemoryGuardError, HeapGuardError, DEFAULT_MAX_MEMORY, type RunNeed, type RunKind } from './guard.js';
export { countNonFinite, nonFiniteParameters, type NonFiniteCount, type NonFiniteTensor } from './nonfinite.js';
export { Tracker, MemoryLimitError, type AllocKind } from './memory.js';
export { createRandom, type Random } from './random.js';
export { createOptimizer, OPTIMIZER_NAMES, type OptimizerName, type Optimizer } from './optim/optimizers.js';
export type { Dims } from './tensor.js';
export * as kernels from './kernels/index.js';
export { configureThreads, threadCount, threadsReady, threadsStarted, type ThreadOptions, type SpawnWorker } from './threads/pool.js';
export { workerMain, type WorkerData } from './threads/worker.js';
export { useWasm, wasmSupported } from './wasm/runtime.js';
export { zeroFloats } from './wasm/elementwise.js';
