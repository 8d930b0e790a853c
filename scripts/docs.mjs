// Writes README.md's generated parts between their <!-- NAME --> markers (src/cli/docs.ts: each
// command's option table, from the same declarations that drive the parser and --help, and the
// counts and lists taken from the code). test/cli/docs.test.ts fails when the README is out of
// date: run `npm run docs`.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = join(mkdtempSync(join(tmpdir(), 'cnncalc-docs-')), 'docs.mjs');
await build({ entryPoints: ['src/cli/docs.ts'], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
const { updateReadme } = await import(pathToFileURL(out).href);
const readme = readFileSync('README.md', 'utf8');
const updated = updateReadme(readme);
if (updated !== readme) writeFileSync('README.md', updated);
console.log(updated === readme ? 'README.md is up to date' : 'README.md updated');
