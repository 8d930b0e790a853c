// The library for the bench scripts, bundled from src/ with esbuild (no build step): each script
// names the exports it needs, as lines of TypeScript re-exports relative to the repository root.

import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The module made of these export lines ("export { compile } from './src/api.ts';", ...). */
export async function librarySource(exportLines) {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-bench-'));
  const out = join(dir, 'lib.mjs');
  try {
    await build({
      stdin: { contents: exportLines.join('\n'), resolveDir: root, loader: 'ts' },
      bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
    });
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
