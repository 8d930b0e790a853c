// The architecture the folders promise: the library core runs in a browser (no Node APIs below
// cli/), reports do no arithmetic of their own, and formulas live in the layer definitions only.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const src = join(ROOT, 'src');
const core = files(src).filter((f) => !relative(src, f).startsWith('cli'));

it('no file outside src/cli imports Node modules or touches process', () => {
  const offenders = core.filter((f) => {
    const text = readFileSync(f, 'utf8');
    return /from ['"]node:|require\(|\bprocess\./.test(text);
  });
  expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
});

it('reports call no exact-arithmetic helpers (figures come finished from the analysis)', () => {
  const reports = files(join(src, 'report'));
  const offenders = reports.filter((f) => /from '\.\.\/util\/exact\.js'/.test(readFileSync(f, 'utf8')));
  expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
});

it('no test reads a file outside the repository (a fresh clone has nothing beside it)', () => {
  const tests = files(join(ROOT, 'test'));
  const outside: string[] = [];
  for (const f of tests) {
    const text = readFileSync(f, 'utf8');
    // paths built from the test file's own URL: each must stay inside the checkout
    for (const m of text.matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)) {
      const target = fileURLToPath(new URL(m[1]!, pathToFileURL(f)));
      if (relative(ROOT, target).startsWith('..')) outside.push(`${relative(ROOT, f)}: ${m[1]}`);
    }
    if (/['"`]\/work\/|\.\.\/\.\.\/\.\.\/shared/.test(text)) outside.push(`${relative(ROOT, f)}: an absolute or sibling path`);
  }
  expect(outside).toEqual([]);
});
