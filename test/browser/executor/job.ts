// One job for the executor, run the same way in Node (test/browser/executor.test.ts) and in a
// browser's Web Worker (worker.ts): a network's forward pass, or a training step, with seeded
// weights, and verify's verdict on the same run.

import { compile } from '../../../src/api.js';
import { runSession, threadCount, verifyAnalysis } from '../../../src/exec/index.js';
import { ownParams } from '../../../src/exec/network.js';
import { wasmRuntime } from '../../../src/exec/wasm/runtime.js';

export interface Job {
  readonly source: string;
  readonly batch: number;
  readonly train: boolean;
}

export interface Ran {
  /** Whether the WebAssembly kernels ran (not the TypeScript fallback), and on how many threads. */
  readonly wasm: boolean;
  readonly threads: number;
  /** The network's output, and every parameter after the step (the weights when not training). */
  readonly output: number[];
  readonly params: number[];
  /** verify's verdict on the same job: every prediction against the run. */
  readonly verified: boolean;
}

export function runJob(job: Job): Ran {
  const analysis = compile(job.source).analysis!;
  const o = { batch: job.batch, seed: 1, train: job.train, optimizer: 'sgd' as const };
  const s = runSession(analysis, o);
  const params = s.net.layers.flatMap((l) => ownParams(l).flatMap((p) => Array.from(p.data)));
  return { wasm: wasmRuntime() !== null, threads: threadCount(), output: Array.from(s.output), params, verified: verifyAnalysis(analysis, o).ok };
}
