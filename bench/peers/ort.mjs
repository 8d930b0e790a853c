// onnxruntime-node on cnncalc's ONNX export of the same network and weights, on `threads` intra-op
// threads (one inter-op thread, sequential execution, every graph optimisation). Its threads do
// not spin once a run is done: they share the process with the other candidates, whose runs
// follow at once, and spinning they took a core from them (cnncalc's two threads on LeNet-5 at
// batch 64 measured 22 ms here against 3.8 alone).

import { createRequire } from 'node:module';

const ort = createRequire(import.meta.url)('onnxruntime-node');

export async function ortRunner(bytes, threads, shape) {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  return {
    name: `onnxruntime${threads}t`,
    /** One forward pass of `input` (N,C,H,W); the output as N,C,H,W data. */
    run: async (input) => (await session.run({ input: new ort.Tensor('float32', input, shape) })).output.data,
  };
}
