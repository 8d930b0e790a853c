// Runs compile() in a fresh Node process, as the CLI does. Stack overflows depend on how warm the
// JIT is (optimised frames are smaller): an input that overflows in a fresh process can pass inside
// a test worker that has already compiled thousands of programs. src/api.ts is bundled once with
// esbuild (as scripts/build.mjs does), so this needs no prior `npm run build`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let bundle: string | undefined;

function bundled(): string {
  if (bundle) return bundle;
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-fuzz-'));
  bundle = join(dir, 'compile.mjs');
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { compile } from ${JSON.stringify(join(ROOT, 'src/api.ts'))};\n` +
      `import { readFileSync } from 'node:fs';\n` +
      `const source = readFileSync(0, 'utf8');\n` +
      `try { const r = compile(source); process.stdout.write(JSON.stringify({ threw: null, codes: r.diagnostics.map((d) => d.code) })); }\n` +
      `catch (e) { process.stdout.write(JSON.stringify({ threw: String(e), codes: [] })); }\n`,
  );
  buildSync({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', nodePaths: [join(ROOT, 'node_modules')] });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return bundle;
}

export interface ColdResult {
  /** The exception compile threw, or null. */
  readonly threw: string | null;
  readonly codes: readonly string[];
}

export function compileInFreshProcess(source: string): ColdResult {
  const result = spawnSync(process.execPath, [bundled()], { input: source, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the fresh process failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as ColdResult;
}
