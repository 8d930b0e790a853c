// The torch-memory fixtures (test/reference/torch-memory/, measured by bench/torch-memory/run.mjs in
// PyTorch): PyTorch counted each network's parameters and saw its output shape; cnncalc's analysis of
// the same network text must agree. Also checks the suite covers what issue #16 asks of it.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designs } from '../../bench/torch-memory/designs.mjs';
import { OPTIMIZERS } from '../../src/budget/precision.js';
import { LAYERS } from '../../src/layers/index.js';
import { analysisOf, REFERENCE, ROOT } from '../helpers.js';

interface Fixture {
  name: string;
  origin: string;
  network: string;
  heldOut: boolean;
  batch: number;
  optimizer: string;
  dtype: string;
  pytorch: string;
  isa: string;
  measured: { params: number; buffers: number; outputShape: number[]; peakRssGrowth: number; allocatorPeak: number };
}

const DIR = `${REFERENCE}torch-memory/`;
const fixtures: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(DIR + f, 'utf8')) as Fixture);
const generated = fixtures.filter((f) => !f.origin.startsWith('examples/'));

describe('torch-memory fixtures agree with the analysis', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const analysis = analysisOf(f.network);
    expect(f.measured.params).toBe(analysis.totals.params);
    expect(f.measured.buffers).toBe(analysis.layers.reduce((s, a) => s + a.buffers, 0));
    const out = analysis.layers[analysis.network.output]!;
    // FC's output is [N, n] in PyTorch; every other layer's N,C,H,W
    const flat = f.measured.outputShape.length === 2;
    expect(f.measured.outputShape).toEqual(flat ? [f.batch, out.output.depth] : [f.batch, out.output.depth, out.output.height, out.output.width]);
    if (flat) expect([out.output.width, out.output.height]).toEqual([1, 1]);
    expect(f.measured.peakRssGrowth).toBeGreaterThan(0);
    expect(f.measured.allocatorPeak).toBeGreaterThan(0);
  });
});

describe('the suite covers what it must', () => {
  it('has at least 40 networks: every example, and at least 25 generated designs', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    expect(generated.length).toBeGreaterThanOrEqual(25);
    const examples = readdirSync(`${ROOT}examples`).filter((f) => f.endsWith('.cnn')).map((f) => `examples/${f}`);
    expect(fixtures.filter((f) => f.origin.startsWith('examples/')).map((f) => f.origin).sort()).toEqual(examples.sort());
    for (const f of fixtures.filter((x) => x.origin.startsWith('examples/'))) {
      expect(f.network).toBe(readFileSync(`${ROOT}${f.origin}`, 'utf8')); // measured at the examples' own size
    }
  });

  it('holds out half of the generated designs, as the seed chose them, and none of the examples', () => {
    const fromSeed = designs();
    expect(generated.map((f) => f.name)).toEqual(fromSeed.map((d) => d.name));
    for (const f of generated) {
      const d = fromSeed.find((x) => x.name === f.name)!;
      expect({ network: f.network, optimizer: f.optimizer, heldOut: f.heldOut }).toEqual({ network: d.network, optimizer: d.optimizer, heldOut: d.heldOut });
      expect(f.batch).toBeLessThanOrEqual(d.batch); // run.mjs only ever halves a batch
    }
    expect(generated.filter((f) => f.heldOut)).toHaveLength(Math.floor(generated.length / 2));
    expect(fixtures.filter((f) => f.heldOut && f.origin.startsWith('examples/'))).toEqual([]);
  });

  it('covers every layer kind and every optimizer the budget knows, in fp32 on PyTorch 1.13', () => {
    const kinds = new Set(fixtures.flatMap((f) => analysisOf(f.network).layers.map((a) => a.layer.kind)));
    expect([...kinds].sort()).toEqual(Object.keys(LAYERS).sort());
    expect([...new Set(fixtures.map((f) => f.optimizer))].sort()).toEqual([...OPTIMIZERS].sort());
    for (const f of fixtures) {
      expect(f.dtype).toBe('fp32');
      expect(f.pytorch).toMatch(/^1\.13\./);
      expect(['avx2', 'avx512f']).toContain(f.isa);
    }
  });
});
