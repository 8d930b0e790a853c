// The memory guard counts the executor's per-layer objects, not only the tensors (exec/guard.ts):
// a long chain of tiny layers has almost no tensor bytes, yet each layer costs the executor its
// records. Figures are the guard's constants times counts written out here; the constants themselves
// are measured by bench/executor-memory.mjs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  guardHeap, guardMemory, HEAP_BYTES_PER_LAYER, HEAP_BYTES_PER_TENSOR, HeapGuardError, MemoryGuardError, OBJECT_BYTES_PER_LAYER,
  OBJECT_BYTES_PER_TENSOR, predictRunNeed,
} from '../../src/exec/guard.js';
import { executorPeak, predictBudget } from '../../src/exec/verify.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf, ROOT } from '../helpers.js';

const inference = { batch: 1, train: false, optimizer: 'sgd' } as const;

describe('predictRunNeed', () => {
  it('a RELU chain: 2,001 layers (INPUT included) of objects, tensors as the budget predicts', () => {
    const a = analysisOf('INPUT [1x1x1] => RELU*2000');
    const need = predictRunNeed(a, inference, 'verify');
    expect(need.objects).toBe(2001 * OBJECT_BYTES_PER_LAYER.verify);
    expect(need.tensors).toBe(executorPeak(predictBudget(a, inference)));
    expect(need.total).toBe(need.tensors + need.objects);
  });
  it('CONV with a bias has two tensors, without one; BN four; FC two; training costs more a tensor (gradients)', () => {
    const a = analysisOf('INPUT [4x4x1] => CONV(f=1, k=1) => CONV(f=1, k=1, bias=no) => BN => FC-2');
    const layers = 5 * OBJECT_BYTES_PER_LAYER.run;
    const need = predictRunNeed(a, inference, 'run');
    expect(need.objects).toBe(layers + (2 + 1 + 4 + 2) * OBJECT_BYTES_PER_TENSOR.inference);
    expect(need.heap).toBe(5 * HEAP_BYTES_PER_LAYER.run + 9 * HEAP_BYTES_PER_TENSOR.inference);
    const train = predictRunNeed(a, { ...inference, train: true }, 'verify');
    expect(train.objects).toBe(5 * OBJECT_BYTES_PER_LAYER.verify + 9 * OBJECT_BYTES_PER_TENSOR.train);
    expect(train.heap).toBe(5 * HEAP_BYTES_PER_LAYER.verify + 9 * HEAP_BYTES_PER_TENSOR.train);
  });
});

describe('the guards', () => {
  it('--max-memory below the objects refuses even when the tensors fit (a few bytes here)', () => {
    const a = analysisOf('INPUT [1x1x1] => RELU*2000');
    const need = predictRunNeed(a, inference, 'verify');
    expect(need.tensors).toBeLessThan(1024);
    try {
      guardMemory(a, inference, 1024);
      expect.fail('the guard let the run go ahead');
    } catch (e) {
      expect(e).toBeInstanceOf(MemoryGuardError);
      expect((e as MemoryGuardError).objectsAlone).toBe(true);
    }
    expect(guardMemory(a, inference, need.total)).toEqual(need);
  });
  it('guardHeap refuses objects over the heap that is left', () => {
    const need = { tensors: 0, objects: 9000, total: 9000, heap: 5000 };
    expect(() => guardHeap(need, 4999, 2)).toThrow(HeapGuardError);
    expect(() => guardHeap(need, 5000, 2)).not.toThrow();
  });
});

describe('cnncalc verify --max-memory on a long chain of tiny layers', () => {
  it('1KiB on 2,000 RELUs is refused, exit 2, saying that fewer layers (not a smaller batch) would do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-guard-'));
    writeFileSync(join(dir, 'chain.cnn'), 'INPUT [1x1x1] => RELU*2000\n');
    const r = await cli(['verify', join(dir, 'chain.cnn'), '--max-memory', '1KiB']);
    expect(r.code).toBe(2);
    const objects = (2001 * OBJECT_BYTES_PER_LAYER.verify) / 2 ** 20; // MiB
    expect(r.stderr).toMatch(new RegExp(`^cnncalc verify: the run would need [\\d.]+ MiB \\(\\d+ bytes of tensors, the budget's prediction, and ${objects.toFixed(1)} MiB of the executor's per-layer objects\\), more than --max-memory 1\\.0 KiB; verify a network with fewer layers or raise --max-memory\\n$`));
    expect(r.stdout).toBe('');
  });
});

describe('cnncalc verify as a process with a small heap', () => {
  it('refuses up front with a one-line error (exit 2) where V8 would abort (exit 134)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-guard-'));
    const bundle = join(dir, 'cli.cjs');
    buildSync({ entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
    writeFileSync(join(dir, 'chain.cnn'), 'INPUT [1x1x1] => RELU*100000\n');
    const p = spawnSync(process.execPath, ['--max-old-space-size=120', bundle, 'verify', join(dir, 'chain.cnn'), '--max-memory', '1TiB'], { encoding: 'utf8' });
    expect(p.stderr).toMatch(/^cnncalc verify: the run's 100,000 layers need about [\d.]+ MiB of JavaScript heap for the executor's objects, more than the [\d.]+ MiB left of Node's heap; verify a network with fewer layers, or give Node a larger heap \(NODE_OPTIONS=--max-old-space-size=\d+\)\n$/);
    expect(p.status).toBe(2);
  }, 60_000);
});
