// The report's charts: the scale each figure gets, the ticks it is labelled with, and a bar with
// the exact figure in its hover title for every layer that has one.

import { describe, expect, it } from 'vitest';
import { barChartSvg, BYTES, COUNT, linearScale, scaleFor, stepChartSvg } from '../../../src/report/html/index.js';
import { analysisOf, example } from '../../helpers.js';

describe('scales', () => {
  it("VGG16's params (1,728 to 102,760,448 weights) get a log axis from 1K to 1G", () => {
    const params = analysisOf(example('vgg16.cnn')).layers.map((l) => l.params);
    const scale = scaleFor(params, COUNT('params'));
    expect(scale.kind).toBe('log');
    expect(scale.ticks.map((t) => COUNT('params').tick(t))).toEqual(['1K', '10K', '100K', '1M', '10M', '100M', '1G']);
    // log10(1,792) - 3 = 0.2534 of 6 decades
    expect(scale.at(1792)).toBeCloseTo(Math.log10(1.792) / 6, 6);
    expect(scale.at(0)).toBe(0);
  });

  it('figures within a factor of 100 get a linear axis from 0 with round ticks', () => {
    const scale = scaleFor([20, 35, 50], COUNT('MACs'));
    expect(scale.kind).toBe('linear');
    expect(scale.ticks).toEqual([0, 20, 40, 60]); // 50 / 4 = 12.5 rounds up to a step of 20
    expect(scale.at(30)).toBeCloseTo(0.5, 12);
  });

  it('bytes tick in binary units: log steps of 32, linear steps in the unit of the largest', () => {
    const log = scaleFor([4000, 12_845_056], BYTES);
    expect(log.ticks.map((t) => BYTES.tick(t))).toEqual(['1 KiB', '32 KiB', '1 MiB', '32 MiB']);
    // 2,145,032,601.6 bytes = 1.998 GiB: a quarter of it is 0.4995 GiB, so steps of 0.5 GiB up to 2 GiB
    const linear = linearScale(2_042_888_192 * 1.05, BYTES);
    expect(linear.ticks.map((t) => BYTES.tick(t))).toEqual(['0 B', '512 MiB', '1 GiB', '1.5 GiB', '2 GiB']);
  });

  it('a figure that is zero everywhere draws no bar', () => {
    expect(scaleFor([0, 0], COUNT('MACs')).at(0)).toBe(0);
    expect(barChartSvg(['0 INPUT', '1 RELU'], [{ heading: 'MACs', measure: COUNT('MACs'), values: [0, 0] }], 'x')).not.toContain('class="bar"');
  });
});

describe('the per-layer bar chart', () => {
  it('has a bar with its exact figure for each non-zero value, and a label for every row', () => {
    const svg = barChartSvg(['0 INPUT [4x4x1]', '1 FC-10', '2 RELU'], [
      { heading: 'params', measure: COUNT('params'), values: [0, 170, 0] },
      { heading: 'memory', measure: BYTES, values: [64, 40, 40] },
    ], 'chart');
    expect(svg.match(/class="bar"/g)).toHaveLength(4);
    expect(svg).toContain('<title>1 FC-10: 170 params</title>');
    expect(svg).toContain('<title>0 INPUT [4x4x1]: 64 bytes (64 bytes)</title>');
    expect(svg.match(/class="label"/g)).toHaveLength(3);
  });

  it('cuts a long label and keeps it whole in its title', () => {
    const long = '12 CONV(f=3, k=256, s=1, p=1, bias=no, g=1, d=1)';
    const svg = barChartSvg([long], [{ heading: 'params', measure: COUNT('params'), values: [1] }], 'chart');
    expect(svg).toContain(`<title>${long}</title>`);
    expect(svg).toContain('>12 CONV(f=3, k=256, s=1, p=1, bia...<title>'); // 33 characters and '...': 36
  });
});

describe('the step chart', () => {
  it('has one hover column per moment, the phases named, the peak and the levels labelled', () => {
    const points = [
      { phase: 'forward', bytes: 100, title: 'f1' },
      { phase: 'forward', bytes: 150, title: 'f2' },
      { phase: 'backward', bytes: 180, title: 'b2' },
      { phase: 'step', bytes: 90, title: 's' },
    ] as const;
    const peak = { index: 2, label: 'peak: 180 bytes', title: 'peak during backward at layer 2 FC-3: 180 bytes' };
    const svg = stepChartSvg({ points, peak, levels: [{ bytes: 200, label: 'limit: 200 bytes' }] }, 'step');
    expect(svg.match(/class="hover"/g)).toHaveLength(4);
    for (const name of ['>forward<', '>backward<', '>optimizer step<', '>peak: 180 bytes<', '<title>peak during backward at layer 2 FC-3: 180 bytes</title>', '>limit: 200 bytes<']) expect(svg).toContain(name);
  });
});
