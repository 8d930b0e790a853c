// The CUDA suite (bench/torch-memory/cuda-suite/, generated just before a GPU run, measured there by
// cuda.sh): the export must write every case run.mjs measures, and import-cuda.mjs must turn a
// results folder into fixtures, or refuse it, writing nothing.
// measure_cuda.py's dry run (--device cpu) checks that the fake results below have its shape.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, importCuda } from '../../bench/torch-memory/import-cuda.mjs';
import { analysisOf, REFERENCE, ROOT } from '../helpers.js';

interface SuiteCase {
  name: string;
  module: string;
  network: string;
  origin: string;
  batch: number;
  optimizer: string;
  dtype: string;
  heldOut: boolean;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const tmp = mkdtempSync(join(tmpdir(), 'cnncalc-cuda-suite-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The suite is generated just before a GPU run (it is git-ignored): made here the same way.
const fresh = join(tmp, 'fresh');
execFileSync(process.execPath, [join(ROOT, 'bench/torch-memory/run.mjs'), '--export-only', fresh], { encoding: 'utf8' });
const cases = readJson<{ cases: SuiteCase[] }>(join(fresh, 'cases.json')).cases;

describe('the CUDA suite', () => {
  it('run.mjs --export-only writes a module for every case', () => {
    const modules = readdirSync(fresh).filter((f) => f.endsWith('.py')).sort();
    expect(modules).toEqual(cases.map((c) => c.module).sort());
    for (const c of cases) expect(readFileSync(join(fresh, c.module), 'utf8'), c.name).toContain('class Network(nn.Module):');
  });

  it('has the cases of the CPU fixtures, so each GPU figure has its CPU twin', () => {
    const cpu = readdirSync(`${REFERENCE}torch-memory`).filter((f) => f.endsWith('.json')).map((f) => readJson<SuiteCase>(`${REFERENCE}torch-memory/${f}`));
    const key = (c: SuiteCase) => ({ name: c.name, network: c.network, batch: c.batch, optimizer: c.optimizer, heldOut: c.heldOut });
    expect(cases.map(key).sort((a, b) => a.name.localeCompare(b.name))).toEqual(cpu.map(key).sort((a, b) => a.name.localeCompare(b.name)));
  });
});

// What measure_cuda.py writes on a GPU, made up (an H200 and PyTorch 2.4).
const MEASURED = {
  params: 61706, buffers: 0, outputShape: [256, 10], optimizerImplementation: 'foreach',
  maxAllocated: 29_000_000, maxReserved: 44_040_192, allocatedAtStepStart: 9_000_000, reservedAtStepStart: 23_068_672,
  allocatedBeforeModel: 8_519_680, reservedBeforeModel: 20_971_520, deviceUsedAfterStep: 570_425_344, outsideAllocatorAfterStep: 526_385_152,
  stepSeconds: 0.004, caseSeconds: 0.21,
};
const SUMMARY = {
  complete: true, device: 'cuda', torch: '2.4.1+cu124', cuda: '12.4', cudnn: 90100, python: '3.11.9', driver: '550.54.15',
  cudnnBenchmark: false, cudnnDeterministic: false, deterministicAlgorithms: false,
  env: { CUDA_MODULE_LOADING: 'LAZY', PYTORCH_CUDA_ALLOC_CONF: null, CUBLAS_WORKSPACE_CONFIG: null, CUDA_VISIBLE_DEVICES: '0' },
  gpu: { name: 'NVIDIA H200', capability: '9.0', totalMemory: 150_754_820_096, multiProcessors: 132 },
  context: { bytes: 526_385_152, method: 'NVML used memory ...', memGetInfo: { free: 150_000_000_000, total: 150_754_820_096 }, reservedAfterFirstCall: 2_097_152, driverGrowth: 528_482_304, driverUsedBefore: 4_194_304 },
  cublasProbe: { freshStream: { allocated: 33_554_432, reserved: 33_554_432 }, otherThread: { allocated: 33_554_432, reserved: 33_554_432 }, env: null },
  cudnnProbe: { shape: 'Conv2d(64, 64, 3, padding=1) on 32 x 64 x 56 x 56', forwardWorkspace: 0, backwardWorkspace: 1_048_576, im2colOneImage: 7_225_344 },
  cases: ['lenet5', 'gen03'], measured: ['lenet5', 'gen03'], failed: {}, secondsBeforeFirstCase: 9.5, seconds: 11.2, deviceUsedAtEnd: 600_000_000, reservedAtEnd: 2_097_152,
};

type Summary = Omit<typeof SUMMARY, 'device' | 'complete' | 'failed'> & { device: string; complete: boolean; failed: Record<string, string> };
interface Result extends SuiteCase {
  moduleSha256: string;
  device: string;
  measured: typeof MEASURED;
}
interface CudaFixture extends Omit<SuiteCase, 'module'> {
  dominant?: string;
  context: { bytes: number; method: string };
  probes: { cublas: typeof SUMMARY.cublasProbe; cudnn: typeof SUMMARY.cudnnProbe };
  method: string;
  measured: typeof MEASURED;
}
type Change = (summary: Summary, results: Map<string, Result>) => void;

/** A suite of two cases and a results folder for it; `change` edits the summary and results before they are written. */
function fakeRun(name: string, change: Change = () => {}) {
  const suite = join(tmp, name, 'suite');
  const results = join(tmp, name, 'results');
  mkdirSync(suite, { recursive: true });
  mkdirSync(results, { recursive: true });
  const two = cases.filter((c) => SUMMARY.cases.includes(c.name));
  writeFileSync(join(suite, 'cases.json'), JSON.stringify({ cases: two }));
  for (const c of two) writeFileSync(join(suite, c.module), `# ${c.name}\n`);
  const summary: Summary = structuredClone(SUMMARY);
  const sha = (c: SuiteCase) => createHash('sha256').update(`# ${c.name}\n`).digest('hex');
  const measured = new Map(two.map((c): [string, Result] => [c.name, { ...c, moduleSha256: sha(c), device: 'cuda', measured: { ...MEASURED } }]));
  change(summary, measured);
  writeFileSync(join(results, 'summary.json'), JSON.stringify(summary));
  for (const [n, r] of measured) writeFileSync(join(results, `${n}.json`), JSON.stringify(r));
  return { suite, results, out: join(tmp, name, 'out'), measuredTs: join(tmp, name, 'cuda-measured.ts') };
}

describe('import-cuda.mjs', () => {
  it('writes one fixture per case with its method, versions and GPU, and a README', () => {
    const run = fakeRun('good');
    mkdirSync(run.out);
    writeFileSync(join(run.out, 'stale.json'), '{}');
    expect(importCuda(run)).toEqual({ written: 2, failed: [] });
    expect(readdirSync(run.out).sort()).toEqual(['README.md', 'gen03.json', 'lenet5.json']);
    const f = readJson<CudaFixture>(join(run.out, 'lenet5.json'));
    const c = cases.find((x) => x.name === 'lenet5')!;
    expect(f).toMatchObject({ name: 'lenet5', network: c.network, origin: c.origin, batch: c.batch, optimizer: c.optimizer, dtype: 'fp32', heldOut: false });
    expect(f).toMatchObject({ pytorch: '2.4.1+cu124', cuda: '12.4', cudnn: 90100, driver: '550.54.15', gpu: SUMMARY.gpu, cudnnBenchmark: false, deterministicAlgorithms: false });
    expect(f.context).toEqual({ bytes: 526_385_152, method: 'NVML used memory ...' });
    expect(f.probes).toEqual({ cublas: SUMMARY.cublasProbe, cudnn: SUMMARY.cudnnProbe });
    expect(f.measured).toEqual(MEASURED);
    expect(f.method).toMatch(/max_memory_allocated/);
    expect(f).not.toHaveProperty('module');
    expect(f).not.toHaveProperty('moduleSha256');
    expect(readJson<CudaFixture>(join(run.out, 'gen03.json')).dominant).toBe('activations');
    const readme = readFileSync(join(run.out, 'README.md'), 'utf8');
    expect(readme).toContain('GPU: NVIDIA H200 (compute capability 9.0, 143771.0 MiB), driver 550.54.15.');
    expect(readme).toContain('PyTorch 2.4.1+cu124, CUDA 12.4, cuDNN 90100');
    expect(readme).toContain('CUDA context: 502.0 MiB');
    expect(readme).toContain('2 cases in 11.2 s');
    expect(readme).toContain('cuBLAS workspace: 32.0 MiB allocated by a matmul on a fresh stream, 32.0 MiB by one on another thread.');
    expect(readme).toContain('1.0 MiB backward (im2col of one image: 6.9 MiB)');
    // the runtime is marked measured, naming the run
    expect(readFileSync(run.measuredTs, 'utf8')).toContain("export const CUDA_MEASURED: string | null = 'test/reference/torch-memory-cuda/ (PyTorch 2.4.1+cu124, NVIDIA H200)';");
  });

  it('imports the cases that ran when one failed on the GPU, and names it', () => {
    const run = fakeRun('failed', (summary, results) => {
      results.delete('gen03');
      summary.failed = { gen03: 'CUDA out of memory.' };
    });
    expect(importCuda(run)).toEqual({ written: 1, failed: ['gen03'] });
    expect(readFileSync(join(run.out, 'README.md'), 'utf8')).toContain('failed: gen03 (CUDA out of memory.)');
  });

  it.each<[string, Change, RegExp]>([
    ['a dry run', (s) => void (s.device = 'cpu'), /device is cpu: a dry run/],
    ['a run the guard stopped', (s) => void (s.complete = false), /did not finish \(measured 2 of 2/],
    ['a missing case', (_s, r) => void r.delete('gen03'), /no result for 1 of the suite's 2 cases: gen03/],
    ['a suite changed since', (_s, r) => void (r.get('lenet5')!.batch = 64), /lenet5: batch not as in the suite now/],
    ['a module exported differently since', (_s, r) => void (r.get('gen03')!.moduleSha256 = '0'), /gen03: gen03.py's text not as in the suite now/],
    ['a case not in the suite', (_s, r) => void r.set('gen99', { ...r.get('lenet5')!, name: 'gen99' }), /gen99: not a case of the suite/],
  ])('refuses %s, writing nothing', (name, change, message) => {
    const run = fakeRun(name.replace(/\W/g, '-'), change);
    expect(() => importCuda(run)).toThrow(message);
    expect(existsSync(run.out)).toBe(false);
    expect(existsSync(run.measuredTs)).toBe(false);
  });

  it('refuses a folder without summary.json', () => {
    expect(() => importCuda({ results: tmp, out: join(tmp, 'never') })).toThrow(/summary.json: missing/);
  });
});

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasTorch = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasTorch)('measure_cuda.py --device cpu (torch is installed here)', () => {
  it('runs two cases end to end and writes what the fake results above hold', () => {
    const out = join(tmp, 'dry');
    execFileSync(python, [join(ROOT, 'bench/torch-memory/measure_cuda.py'), '--out', out, '--suite', fresh, '--device', 'cpu', '--only', 'lenet5,gen03'], { encoding: 'utf8' });
    const summary = readJson<Summary>(join(out, 'summary.json'));
    expect(summary).toMatchObject({ complete: true, device: 'cpu', measured: ['lenet5', 'gen03'], failed: {} });
    expect(Object.keys(SUMMARY)).toEqual(expect.arrayContaining(Object.keys(summary)));
    for (const name of ['lenet5', 'gen03']) {
      const r = readJson<Result>(join(out, `${name}.json`));
      expect(Object.keys(r.measured).sort()).toEqual(Object.keys(MEASURED).sort());
      expect(r.measured.params).toBe(analysisOf(r.network).totals.params);
      expect(r.measured.optimizerImplementation).toMatch(/^(single-tensor|foreach)$/);
    }
    expect(() => importCuda({ results: out, suite: fresh, out: join(tmp, 'dry-out') })).toThrow(/a dry run/);
  });
});

describe('the committed CUDA fixtures', () => {
  it('are suite cases measured on a GPU, with the parameters the analysis counts', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    for (const f of files.map((x) => readJson<CudaFixture>(join(FIXTURES, x)))) {
      const c = cases.find((x) => x.name === f.name);
      expect(c, `${f.name}: not a suite case`).toBeDefined();
      expect(f.measured.params).toBe(analysisOf(f.network).totals.params);
      expect(f.measured.maxReserved).toBeGreaterThanOrEqual(f.measured.maxAllocated);
    }
    expect(existsSync(join(FIXTURES, 'README.md'))).toBe(true);
  });
});
