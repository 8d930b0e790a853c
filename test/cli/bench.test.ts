// cnncalc bench through the CLI, in-process: exit codes, one-line errors, the text table's rows, and
// the JSON against docs/schema/bench.schema.json. Never the timings themselves.

import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/tensor-io/npy.js';
import { ROOT } from '../helpers.js';
import { cli } from './run-cli.js';

const LENET = join(ROOT, 'examples', 'lenet5.cnn');
const SCHEMAS = join(ROOT, 'docs', 'schema');

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
for (const name of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object, name);

async function benchJson(argv: string[]) {
  const r = await cli(['bench', ...argv, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout);
  const validate = ajv.getSchema('bench.schema.json')!;
  validate(report);
  expect(validate.errors ?? []).toEqual([]);
  return report;
}

describe('cnncalc bench', () => {
  it('prints a row per layer of the table, its output and a summary; exit 0', async () => {
    const r = await cli(['bench', LENET, '--runs', '2']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((line) => /^\s*\d+ {2}/.test(line));
    expect(rows).toHaveLength(11); // LeNet-5's layers after INPUT, as 'cnncalc table' numbers them
    expect(rows[0]).toMatch(/^\s*1 {2}CONV\(f=5, k=6, p=0\)\s+28x28x6\s/);
    expect(rows[10]).toMatch(/^\s*11 {2}FC-10\s+1x1x10\s/);
    expect(r.stdout).toMatch(/forward pass: median [\d.,]+ ms, min [\d.,]+ ms of 2 runs; /);
    expect(r.stdout).toContain('element-wise work is not counted');
  });

  it('--json: the schema, the layers of the analysis, the runs asked for, the threads', async () => {
    const report = await benchJson([LENET, '--runs', '3', '--batch', '2', '--threads', '3']);
    expect(report.layers.map((l: { id: number }) => l.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([report.runs, report.stepsMs.length, report.batch, report.threads, report.train]).toEqual([3, 3, 2, 3, false]);
    const sorted = [...report.stepsMs].sort((a: number, b: number) => a - b);
    expect(report.medianMs).toBe(sorted[1]);
    expect(report.minMs).toBe(sorted[0]);
    // FC-120 on 5*5*16 = 400 inputs: 48,000 MACs an image (the file's own figures), 2 images, 2 FLOPs each
    expect(report.layers[6].forwardFlops).toBe(2 * 48_000 * 2);
  });

  it('--train --optimizer adam: backward per layer and the optimizer step', async () => {
    const report = await benchJson([LENET, '--runs', '1', '--train', '--optimizer', 'adam']);
    expect(report.optimizer).toBe('adam');
    expect(report.learningRate).toBe(0);
    expect(report.layers.every((l: { backwardMs: number | null }) => typeof l.backwardMs === 'number')).toBe(true);
    expect(typeof report.optimizerMs).toBe('number');
  });

  it('--threads defaults to the available cores', async () => {
    expect((await benchJson(['-e', 'INPUT [4x4x1] => FC-2', '--runs', '1'])).threads).toBe(Math.min(availableParallelism(), 16));
  });

  it('--input: the batch from a .npy file; its N is the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-bench-'));
    const x = join(dir, 'x.npy');
    writeFileSync(x, writeNpy([3, 1, 2, 2], new Float32Array(12)));
    expect((await benchJson(['-e', 'INPUT [2x2x1] => FC-2', '--input', x, '--runs', '1'])).batch).toBe(3);
    const disagree = await cli(['bench', '-e', 'INPUT [2x2x1] => FC-2', '--input', x, '--batch', '2']);
    expect(disagree.code).toBe(2);
    expect(disagree.stderr).toMatch(/--batch 2 disagrees with the input's batch of 3/);
    const wrong = await cli(['bench', '-e', 'INPUT [3x3x1] => FC-2', '--input', x]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^cnncalc bench: .*x\.npy: the input has shape \[3, 1, 2, 2\]; the network takes \[N, 1, 3, 3\]/);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bad options and bad input exit 2 with one line, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['--runs', '0'], /--runs takes a whole number of at least 1, got '0'/],
      [['--threads', '0'], /--threads takes a whole number of at least 1, got '0'/],
      [['--threads', 'many'], /--threads takes a whole number of at least 1/],
      // the pool runs at most 16 (exec/threads/pool.ts MAX_THREADS): a report of 99999 threads would be false
      [['--threads', '17'], /--threads takes a whole number from 1 to 16, got '17'/],
      [['--batch', '1.5'], /--batch takes a whole number of at least 1/],
      [['--optimizer', 'adam'], /--optimizer needs --train/],
      [['--train', '--optimizer', 'lion'], /--optimizer takes sgd, /],
      [['--format', 'json'], /unknown option '--format'/],
      [['--batch', '64', '--max-memory', '1MiB'], /^cnncalc bench: the run would need .* more than --max-memory 1\.0 MiB; lower --batch or raise --max-memory$/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(['bench', LENET, ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim(), argv.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const broken = await cli(['bench', '-e', 'INPUT [4x4x1] => CONV(k=)']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/<eval>:1:\d+/);
  });

  it('--help documents the options and that element-wise work is not counted', async () => {
    const r = await cli(['bench', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--batch', '--threads', '--runs', '--train', '--optimizer', '--seed', '--input', '--json', '--set']) expect(r.stdout).toContain(option);
    expect(r.stdout).toContain('element-wise work (activations, pooling, BN, merges) is not counted as FLOPs');
  });
});
