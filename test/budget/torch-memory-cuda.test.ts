// `--runtime pytorch-cuda` against what bench/torch-memory/cuda.sh measured on a GPU
// (test/reference/torch-memory-cuda/, written by import-cuda.mjs). No GPU has run the suite yet:
// with no fixtures the cases are skipped and the runtime says it is modelled, not measured. Each
// case's own figures are its peaks less what the process held before it built its model (the cuBLAS
// workspaces of earlier cases and of the probes): allocated against max_memory_allocated, reserved
// against max_memory_reserved, the same 10% bar as the CPU side's process peak.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cublasWorkspaceFor } from '../../src/budget/cuda.js';
import { estimateBudget } from '../../src/budget/estimate.js';
import type { Optimizer } from '../../src/budget/precision.js';
import { RUNTIMES, runtimeOptions } from '../../src/budget/runtimes.js';
import { analysisOf, REFERENCE } from '../helpers.js';

interface CudaFixture {
  name: string;
  network: string;
  batch: number;
  optimizer: Optimizer;
  gpu: { capability: string };
  context: { bytes: number };
  measured: { maxAllocated: number; maxReserved: number; allocatedBeforeModel: number; reservedBeforeModel: number };
}

const DIR = `${REFERENCE}torch-memory-cuda/`;
const fixtures: CudaFixture[] = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(DIR + f, 'utf8')) as CudaFixture);
const cuda = RUNTIMES['pytorch-cuda'];

describe('pytorch-cuda against PyTorch on a GPU', () => {
  it('is marked measured exactly when there are fixtures', () => {
    expect(cuda.measured === null).toBe(fixtures.length === 0);
  });

  it.skipIf(fixtures.length === 0).each(fixtures.map((f) => [f.name, f] as const))('%s: allocated and reserved within 10% of the measured peaks', (_name, f) => {
    const options = { context: f.context.bytes, cublasWorkspace: cublasWorkspaceFor(f.gpu.capability), cudnnWorkspace: null };
    const b = estimateBudget(analysisOf(f.network), { batch: f.batch, dtype: 'fp32', optimizer: f.optimizer, inference: false, ...runtimeOptions(cuda), cuda: options }).bytes;
    const m = f.measured;
    expect(Math.abs(b.allocated! / (m.maxAllocated - m.allocatedBeforeModel) - 1)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(b.reserved! / (m.maxReserved - m.reservedBeforeModel) - 1)).toBeLessThanOrEqual(0.1);
  });
});
