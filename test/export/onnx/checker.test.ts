// ONNX's own validator (the onnx package's checker with full_check, and its strict shape inference:
// check_onnx.py) accepts every exported model: random networks of every kind, the hand-written
// shapes of differential.test.ts, the examples the ONNX tests run (sizes.ts), at the default opset
// and the oldest. The output shapes ONNX infers, by its own operator schemas, are the ones the
// analysis gives. Needs a Python with the onnx package: Debian's python3-onnx (.ci/run installs it);
// without one the tests are skipped with a warning. Debian's onnx 1.12 knows opsets up to 17, so
// the newer ones (18 to 21) are left to onnxruntime (differential.test.ts).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/analysis/analyze.js';
import { exportOnnx } from '../../../src/export/onnx/index.js';
import { ExportError } from '../../../src/export/modules.js';
import { LAYERS } from '../../../src/layers/index.js';
import { ROOT } from '../../helpers.js';
import { compileGenerated, randomNetwork } from '../../exec/random-network.js';
import { exampleCases } from './sizes.js';

const CHECKER = join(ROOT, 'test', 'export', 'onnx', 'check_onnx.py');

/** A Python that imports onnx: Debian's first (the python3 on PATH may be another one). */
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0);

if (!PYTHON) console.warn("test/export/onnx/checker.test.ts skipped: no Python with the onnx package (Debian: sudo apt-get install python3-onnx)");

/** The same networks as differential.test.ts' hand-written shapes. */
const SHAPES = [
  'INPUT [9x9x4] => CONV(k=6) => { CONV(f=1, k=2) | CONV(f=3, k=3) => RELU | POOL(f=3, s=1, p=1) } => { ID + TANH + CONV(f=1) } => GAP => FC-3',
  'INPUT [8x8x4] => { ID / CONV(f=1, k=3) => RELU } => { ID & GAP => CONV(f=1, k=2) => RELU => CONV(f=1, k=5) => SIGMOID }',
  'INPUT [8x8x3] => stem: CONV(f=1, k=4) => t: CONV(f=1, k=2) => RELU => CONV(f=3, k=3) => { ID | @t } => GAP => FC-3\n@stem => GAP => FC-2',
  'let shared b = CONV(k=4) => RELU\nINPUT [7x7x4] => b => b => b => FC-4 => RELU => BN => FC-3',
  'INPUT [6x6x2] => FC-8 => { ID + RELU } => { FC-4 | FC-3 } => SOFTMAX',
  'INPUT [5x5x3] => GAP => { ID & SIGMOID } => LRN(size=4) => LN => UPSAMPLE(s=2)',
];

interface Case {
  readonly name: string;
  readonly analysis: Analysis;
  readonly opset: number;
}

/** Each output's shape as ONNX infers it, N x C x H x W (or N x C where the export keeps a flat
 *  tensor, after an FC), read as the analysis' WxHxC: the batch symbol, the channels, and the
 *  spatial sizes' product. */
function inferredShapes(line: string): string[] {
  return line.split(' ').slice(2).map((shape) => {
    const [n, c, ...spatial] = shape.split('x');
    return `${n} ${c} ${spatial.reduce((p, d) => p * Number(d), 1)}`;
  });
}

const analysedShapes = (a: Analysis): string[] =>
  [a.network.output, ...a.network.sideOutputs].map((id) => {
    const s = a.layers[id]!.output;
    return `N ${s.depth} ${s.width * s.height}`;
  });

/** The model at the case's opset, or at the default one where the case's is too old for one of
 *  its layers (HardSwish came with opset 14, LayerNormalization with 17): the export refuses those. */
async function exported(c: Case, fellBack: (opset: number) => void): Promise<Uint8Array> {
  try {
    return await exportOnnx(c.analysis, { seed: 1, opset: c.opset });
  } catch (e) {
    if (!(e instanceof ExportError) || !/introduced/.test(e.message)) throw e;
    fellBack(17);
    return exportOnnx(c.analysis, { seed: 1, opset: 17 });
  }
}

describe.skipIf(!PYTHON)("ONNX's checker accepts the exported models", () => {
  const cases: Case[] = [];
  let dir: string;
  let lines: Map<string, string>;
  let status: number | null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cnncalc-onnx-check-'));
    const random = fc.sample(randomNetwork, { numRuns: 120, seed: 20261201 });
    random.forEach((text, i) => cases.push({ name: `random-${i}`, analysis: compileGenerated(text), opset: i % 2 ? 13 : 17 }));
    SHAPES.forEach((text, i) => cases.push({ name: `shape-${i}`, analysis: compileGenerated(text), opset: 17 }));
    for (const c of exampleCases().run) cases.push({ name: c.file.replace('.cnn', ''), analysis: c.analysis, opset: 17 });
    const files: string[] = [];
    for (const [i, c] of cases.entries()) {
      const file = join(dir, `${c.name}.onnx`);
      writeFileSync(file, await exported(c, (opset) => (cases[i] = { ...c, opset })));
      files.push(file);
    }
    const run = spawnSync(PYTHON!, [CHECKER, ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
    status = run.status;
    lines = new Map(run.stdout.trim().split('\n').map((l) => [l.split(' ')[1]!.replace(/\.onnx:?$/, ''), l]));
    if (run.stderr.trim()) console.warn(run.stderr.slice(0, 2000));
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every model passes onnx.checker (full check) and strict shape inference', () => {
    const failures = [...lines.values()].filter((l) => !l.startsWith('ok '));
    expect(failures).toEqual([]);
    expect(status).toBe(0);
    expect(lines.size).toBe(cases.length);
    // the random networks held every kind, as in the differential test
    const kinds = new Set(cases.flatMap((c) => c.analysis.layers.map((l) => l.layer.kind)));
    expect([...kinds].sort()).toEqual(Object.keys(LAYERS).sort());
    expect(cases.filter((c) => c.opset === 13).length).toBeGreaterThan(30);
  });

  it("the output shapes ONNX infers are the analysis' own", () => {
    for (const c of cases) {
      const line = lines.get(c.name) ?? '';
      expect(line.startsWith(`ok ${c.name}.onnx `), line).toBe(true);
      expect(inferredShapes(line), c.name).toEqual(analysedShapes(c.analysis));
    }
  });

  it('reports a model it rejects, with the reason', () => {
    const bad = join(dir, 'broken.onnx');
    writeFileSync(bad, new Uint8Array([8, 7, 18, 3, 1, 2, 3])); // not a ModelProto
    const run = spawnSync(PYTHON!, [CHECKER, bad], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL broken\.onnx: /);
  });
});

