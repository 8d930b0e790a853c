// No install step reaches outside the npm registry (CONTRIBUTING.md, "Commands"): every dependency
// that package-lock.json marks as having an install script is denied it in package.json's
// allowScripts (npm 11.19 and later skip such scripts unless allowed), and onnxruntime-node's, the
// one that would download binaries, is also switched off in .npmrc for npm versions that run
// dependency scripts by default.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

it('denies the install script of every locked dependency that has one', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const withScripts = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  expect(withScripts).toContain('onnxruntime-node');
  const allowScripts = (JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
  for (const name of withScripts) expect(allowScripts[name], name).toBe(false);
});

it("switches onnxruntime-node's download off for npm versions that run install scripts", () => {
  expect(read('.npmrc').split('\n')).toContain('onnxruntime-node-install=skip');
});
