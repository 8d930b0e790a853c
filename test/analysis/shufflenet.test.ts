// ShuffleNetV2 1.0x against torchvision's own figures (test/reference/torchvision/), its units worked
// out by hand, and cnncalc verify at the full 224x224 input (under a second at inference, two seconds
// through a training step).

import { describe, expect, it } from 'vitest';
import { verifyAnalysis } from '../../src/exec/verify.js';
import { analysisOf, example } from '../helpers.js';
import { figures, torchvisionFigures, verifyFailures, withNetwork } from './torchvision-examples.js';

const FILE = 'shufflenet_v2_x1_0.cnn';
const tv = torchvisionFigures('shufflenet_v2_x1_0');
const analysis = analysisOf(example(FILE));
const bn = (c: number): number => 2 * c;
const pw = (cin: number, c: number): number => cin * c + bn(c); //   1x1 convolution without bias, BN
const dw = (c: number): number => 3 * 3 * c + bn(c); //              depthwise 3x3: one 3x3 filter per channel

describe('shufflenet_v2_x1_0 matches torchvision 0.14', () => {
  it('params (weights + biases), BN running statistics and CONV + FC MACs', () => {
    expect(figures(analysis)).toEqual(figures(tv));
  });

  it('gives 1000 class scores after 1024 channels at 7x7', () => {
    expect(tv.output).toEqual([1, 1000]);
    expect(analysis.layers.at(-1)!.output).toEqual({ width: 1, height: 1, depth: 1000 });
    expect(analysis.layers.at(-3)!.output).toEqual({ width: 7, height: 7, depth: 1024 });
  });

  it('verify: every prediction matches the run, at inference and through a training step', () => {
    for (const train of [false, true]) {
      const r = verifyAnalysis(analysis, { batch: 1, seed: 3, train, optimizer: 'adam' });
      expect(verifyFailures(r)).toEqual([]);
      expect(r.ok).toBe(true);
    }
  }, 60_000);
});

describe('ShuffleNetV2 units by hand', () => {
  it('a unit keeps half its channels and sends the other half through 1x1, depthwise 3x3, 1x1', () => {
    const unit = analysisOf(withNetwork(FILE, 'INPUT [28x28x116] => unit(58)'));
    expect(unit.totals.params).toBe(pw(58, 58) + dw(58) + pw(58, 58));
    expect(unit.totals.params).toBe(tv.where['stage2.1']!.params);
    expect(unit.totals.macs).toBe(2 * (28 * 28 * 58 * 58) + 28 * 28 * 58 * 9);
    expect(unit.totals.macs).toBe(tv.where['stage2.1']!.macs);
    expect(unit.layers.at(-1)!.output).toEqual({ width: 28, height: 28, depth: 116 });
  });

  it('the downsampling unit feeds both branches the whole input and doubles the depth', () => {
    const down = analysisOf(withNetwork(FILE, 'INPUT [56x56x24] => down(24, 58)'));
    expect(down.totals.params).toBe(dw(24) + pw(24, 58) + pw(24, 58) + dw(58) + pw(58, 58));
    expect(down.totals.params).toBe(tv.where['stage2.0']!.params);
    expect(down.totals.buffers).toBe(tv.where['stage2.0']!.bn_buffers);
    expect(down.layers.at(-1)!.output).toEqual({ width: 28, height: 28, depth: 116 });
  });

  it("stage 2 is one downsampling unit and three units: torchvision's 30,192 parameters", () => {
    const stage = analysisOf(withNetwork(FILE, 'INPUT [56x56x24] => down(24, 58) => unit(58)*3')).totals;
    expect(stage.params).toBe(7_398 + 3 * 7_598);
    expect(stage.params).toBe(tv.where_top.stage2!.params);
    expect(stage.macs).toBe(tv.where_top.stage2!.macs);
  });
});
