// The cnncalc library for the peer benchmark, bundled from src/ with esbuild (no build step): the
// compiler, the executor's session and the ONNX export.

import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function loadLibrary() {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-peers-'));
  const out = join(dir, 'lib.mjs');
  try {
    await build({
      stdin: {
        contents: [
          "export { compile } from './src/api.ts';",
          "export { runSession, buildNetwork, Tracker, createRandom, configureThreads } from './src/exec/index.ts';",
          "export { setUpSession, runStep } from './src/exec/session.ts';",
          "export { RecyclingTracker } from './src/exec/bench/recycler.ts';",
          "export { releaseStep } from './src/exec/bench/bench.ts';",
          "export { nodeThreads } from './src/cli/threads-node.ts';",
          "export { fillUniform } from './src/exec/random.ts';",
          "export { exportOnnx } from './src/export/onnx/index.ts';",
          "export { definitionOf } from './src/layers/index.ts';",
        ].join('\n'),
        resolveDir: root, loader: 'ts',
      },
      bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
    });
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
