// The cnncalc library for the peer benchmark (bench/library.mjs bundles it from src/).

import { librarySource } from '../library.mjs';

/** The compiler, the executor's session on reused buffers and its threads, and the ONNX export. */
export function loadLibrary() {
  return librarySource([
    "export { compile } from './src/api.ts';",
    "export { runSession, buildNetwork, Tracker, createRandom, configureThreads } from './src/exec/index.ts';",
    "export { setUpSession, runStep } from './src/exec/session.ts';",
    "export { RecyclingTracker } from './src/exec/bench/recycler.ts';",
    "export { releaseStep } from './src/exec/bench/bench.ts';",
    "export { nodeThreads } from './src/cli/threads-node.ts';",
    "export { fillUniform } from './src/exec/random.ts';",
    "export { exportOnnx } from './src/export/onnx/index.ts';",
    "export { definitionOf } from './src/layers/index.ts';",
  ]);
}
