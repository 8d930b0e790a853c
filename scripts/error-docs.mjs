// Writes the table of error codes in grammar/README.md from the catalogue in
// src/diagnostics/errors.ts (through src/diagnostics/error-docs.ts). test/diagnostics/error-docs.test.ts
// fails when the README is out of date: run `node scripts/error-docs.mjs`.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const README = 'grammar/README.md';
const out = join(mkdtempSync(join(tmpdir(), 'cnncalc-error-docs-')), 'error-docs.mjs');
await build({ entryPoints: ['src/diagnostics/error-docs.ts'], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
const { updateErrorTable } = await import(pathToFileURL(out).href);
const readme = readFileSync(README, 'utf8');
const updated = updateErrorTable(readme);
if (updated !== readme) writeFileSync(README, updated);
console.log(updated === readme ? `${README} is up to date` : `${README} updated`);
