// The CUDA suite: every case run.mjs measures, exported into cuda-suite/ (git-ignored) just before a
// GPU run and carried with it, so that a GPU machine where nothing can be installed or fetched needs
// only Python and PyTorch (measure_cuda.py reads it). cases.json lists the cases; each module is the
// text run.mjs measures on the CPU, written by moduleSource.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REGENERATE = 'node bench/torch-memory/run.mjs --export-only bench/torch-memory/cuda-suite';

/** The PyTorch module of a case, as `cnncalc export --format pytorch` writes it. */
export function moduleSource(lib, c) {
  return lib.exportPytorch(lib.compile(c.network).analysis, { source: c.origin });
}

/** The suite's files: file name -> text (cases.json and one module per case). */
export function suiteFiles(lib, cases) {
  const files = new Map();
  const entries = cases.map((c) => {
    const module = `${c.name}.py`;
    files.set(module, moduleSource(lib, c));
    return { name: c.name, module, network: c.network, origin: c.origin, batch: c.batch, optimizer: c.optimizer, dtype: 'fp32', heldOut: c.heldOut ?? false, ...(c.heavy ? { dominant: c.heavy } : {}) };
  });
  files.set('cases.json', JSON.stringify({ regenerate: REGENERATE, cases: entries }, null, 1) + '\n');
  return files;
}

/** Writes the suite into dir, replacing the suite's own files there (every .py and cases.json). */
export function writeSuite(lib, cases, dir) {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.py') || f === 'cases.json') rmSync(join(dir, f));
  const files = suiteFiles(lib, cases);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  console.log(`${cases.length} cases written to ${dir}`);
}
