// Calibration against PyTorch's measured peaks (test/reference/train_memory.json: PyTorch 1.13
// on CPU, one thread, peak RSS of a second training step). The model's terms are PyTorch's own
// (saved tensors, int64 indices, AccumulateGrad's weight-gradient temporary, single-tensor optimizer
// temporaries, LRN's saved intermediates); the CPU runtime's fixed cost (library code and oneDNN
// kernels first touched by the step) is the reserve, one figure for every case.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { estimateBudget } from '../../src/budget/estimate.js';
import type { Optimizer } from '../../src/budget/precision.js';
import { analysisOf, REFERENCE } from '../helpers.js';

interface Case { peak_bytes: number; params_bytes: number; input_bytes: number; file: string; batch: number; optimizer: Optimizer }
const reference = JSON.parse(readFileSync(`${REFERENCE}train_memory.json`, 'utf8')) as { cases: Case[] };
const CPU_RUNTIME = 16 * 2 ** 20;

it('lands within 15% of every measured peak (and prints the table)', () => {
  const rows = reference.cases.map((c) => {
    const a = analysisOf(readFileSync(`${REFERENCE}${c.file}`, 'utf8'));
    const e = estimateBudget(a, { batch: c.batch, dtype: 'fp32', optimizer: c.optimizer, inference: false, reserve: CPU_RUNTIME, saving: 'pytorch' });
    expect(e.bytes.parameters).toBe(c.params_bytes);
    expect(e.bytes.input).toBe(c.input_bytes);
    const bare = e.bytes.total - CPU_RUNTIME;
    return { case: `${c.file} b${c.batch} ${c.optimizer}`, measured: c.peak_bytes, predicted: e.bytes.total, error: e.bytes.total / c.peak_bytes - 1, withoutRuntime: bare / c.peak_bytes - 1, peak: e.peak.layer === null ? e.peak.phase : `${e.peak.phase} ${e.peak.layer}` };
  });
  console.table(rows.map((r) => ({ ...r, error: `${(r.error * 100).toFixed(2)}%`, withoutRuntime: `${(r.withoutRuntime * 100).toFixed(2)}%` })));
  for (const r of rows) expect(Math.abs(r.error), r.case).toBeLessThan(0.15);
  // The three large cases need no runtime allowance to be within 15%.
  for (const r of rows.filter((x) => x.measured > 1e9)) expect(Math.abs(r.withoutRuntime), r.case).toBeLessThan(0.15);
});
