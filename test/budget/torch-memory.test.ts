// `--runtime pytorch-cpu` against every measured training step of test/reference/torch-memory/
// (PyTorch 1.13, one thread, AVX2; bench/torch-memory/run.mjs): issue #16's bar, on every case, the
// held-out half included, and the platform rule read back from the fit half's measurements.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateBudget } from '../../src/budget/estimate.js';
import { RUNTIMES, runtimeOptions } from '../../src/budget/runtimes.js';
import type { Optimizer } from '../../src/budget/precision.js';
import { analysisOf, REFERENCE } from '../helpers.js';

interface Fixture {
  name: string;
  network: string;
  origin: string;
  heldOut: boolean;
  batch: number;
  optimizer: Optimizer;
  measured: { peakRssGrowth: number; allocatorPeak: number };
}

const DIR = `${REFERENCE}torch-memory/`;
const fixtures: Fixture[] = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(DIR + f, 'utf8')) as Fixture);
const cpu = RUNTIMES['pytorch-cpu'];
/** Whether the network has a grouped or dilated convolution (arguments as resolved: `g=e` in a block is one too). */
const groupedOrDilated = (network: string): boolean =>
  analysisOf(network).layers.some((l) => l.layer.kind === 'conv' && (l.layer.args.g > 1 || l.layer.args.d > 1));

const predicted = (f: Fixture) => estimateBudget(analysisOf(f.network), { batch: f.batch, dtype: 'fp32', optimizer: f.optimizer, inference: false, ...runtimeOptions(cpu) }).bytes;

describe('pytorch-cpu against PyTorch 1.13 on the CPU', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s: the total within 10% of the process peak, the tensors within 5% of the allocator', (_name, f) => {
    const { total, platform } = predicted(f);
    expect(total / f.measured.peakRssGrowth).toBeGreaterThanOrEqual(0.9);
    expect(total / f.measured.peakRssGrowth).toBeLessThanOrEqual(1.1);
    expect(Math.abs((total - platform) / f.measured.allocatorPeak - 1)).toBeLessThanOrEqual(0.05);
    expect(platform).toBe(cpu.platform + (groupedOrDilated(f.network) ? cpu.platformGroupedDilated : 0));
  });

  it("takes the platform from the fit half's medians, within half a MiB: 15 MiB, 18.5 MiB with a grouped or dilated convolution", () => {
    const fit = fixtures.filter((f) => !f.heldOut && !f.origin.startsWith('examples/'));
    const median = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const platformOf = (f: Fixture): number => f.measured.peakRssGrowth - f.measured.allocatorPeak;
    const special = fit.filter((f) => groupedOrDilated(f.network));
    expect(special.map((f) => f.name)).toEqual(['gen06', 'gen14', 'gen16']);
    const plain = median(fit.filter((f) => !groupedOrDilated(f.network)).map(platformOf));
    const withKernels = median(special.map(platformOf));
    expect(Math.abs(plain - cpu.platform)).toBeLessThan(2 ** 19);
    expect(Math.abs(withKernels - (cpu.platform + cpu.platformGroupedDilated))).toBeLessThan(2 ** 19);
  });
});
