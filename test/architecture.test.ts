// The architecture the folders promise: the library core runs in a browser (no Node APIs below
// cli/), reports do no arithmetic of their own, and formulas live in the layer definitions only.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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
