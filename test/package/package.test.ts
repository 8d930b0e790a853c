// The package as users get it: dist/ as `npm ci` (prepare) builds it. chalk and chevrotain are inside
// the bundles, so the package has no runtime dependencies; `require('cnncalc')` and `import` both work.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const dist = (file: string): string => {
  const path = join(ROOT, 'dist', file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run build' (npm ci does it)`);
  return path;
};

/** Runs a script with Node in the repository, where the package can import itself by name. */
function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

// VGG16 with biases: 138,357,544 parameters (torchvision's vgg16, the notes' table).
const VGG16 = "const fs = require('node:fs'); const net = fs.readFileSync('examples/vgg16.cnn', 'utf8');";

describe('the package', () => {
  it('has no runtime dependencies: the bundles hold chalk and chevrotain', () => {
    expect(pkg['dependencies'] ?? {}).toEqual({});
    for (const file of ['index.js', 'index.cjs', 'cli.cjs']) {
      const text = readFileSync(dist(file), 'utf8');
      expect(text, file).not.toMatch(/(?:require\(|from |import\()\s*["'](?:chalk|chevrotain)["']/);
    }
  });

  it("require('cnncalc') gives the CommonJS build", () => {
    const run = node(['-e', `${VGG16} const { compile } = require('cnncalc'); console.log(compile(net).analysis.totals.params);`]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('138357544');
  });

  it("import 'cnncalc' gives the ES module", () => {
    const script = "import { readFileSync } from 'node:fs'; import { compile } from 'cnncalc'; console.log(compile(readFileSync('examples/vgg16.cnn', 'utf8')).analysis.totals.params);";
    const run = node(['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('138357544');
  });
});
