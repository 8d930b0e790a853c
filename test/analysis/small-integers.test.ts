// The analysis keeps its figures in V8's small integers, fractions in the network or not: a
// fraction sharing a hidden class with integers (a literal, an evaluated argument) turns the field
// into a boxed double, and from there every size and figure computed in the interpreter into a new
// heap number (notation/syntax/grammar.ts numberExpr says why that matters). Seen from a child
// process with V8's %IsSmi, over src/api.ts bundled with esbuild (no build step needed).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

let dir: string;
let lib: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cnncalc-smi-'));
  lib = join(dir, 'api.cjs');
  buildSync({ entryPoints: [join(ROOT, 'src/api.ts')], outfile: lib, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Prints the fields (layer figures, output shapes) that hold an integer below 2^31 but not as a
// small integer; %IsSmi is only a function under --allow-natives-syntax, so the check runs inside
// a Function made there.
const SCRIPT = `
const { compile } = require(process.argv[1]);
const source = require('node:fs').readFileSync(process.argv[2], 'utf8');
const isSmi = new Function('v', 'return %IsSmi(v)');
const boxed = new Set();
const FIGURES = ['weights', 'biases', 'params', 'buffers', 'macs', 'flops', 'activations', 'bytes'];
for (const l of compile(source).analysis.layers) {
  const fields = [...FIGURES.map((k) => [k, l[k]]), ...['width', 'height', 'depth'].map((k) => ['output.' + k, l.output[k]])];
  for (const [name, v] of fields) if (Number.isInteger(v) && Math.abs(v) < 2 ** 31 && !isSmi(v)) boxed.add(name);
}
console.log(JSON.stringify([...boxed]));
`;

it.each(['efficientnet_v2_s', 'convnext_tiny', 'mobilenet_v3_small'])('%s: every figure and size is a small integer', (name) => {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', SCRIPT, lib, join(ROOT, 'examples', `${name}.cnn`)], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});
