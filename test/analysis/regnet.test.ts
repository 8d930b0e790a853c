// RegNetY-400MF and RegNetY-1.6GF against torchvision's own figures (test/reference/torchvision/),
// one block and the stage shapes worked out by hand, and cnncalc verify: at inference at the full
// 224x224 input (one to two seconds), through a training step at 112x112 (the full input takes up to
// 9 s on two cores, several times that while other work shares them).

import { describe, expect, it } from 'vitest';
import { verifyAnalysis } from '../../src/exec/verify.js';
import { analysisOf, example } from '../helpers.js';
import { atSide, figures, torchvisionFigures, verifyFailures, withNetwork } from './torchvision-examples.js';

const NETWORKS = ['regnet_y_400mf', 'regnet_y_1_6gf'];

describe.each(NETWORKS)('%s matches torchvision 0.14', (name) => {
  const tv = torchvisionFigures(name);
  const analysis = analysisOf(example(`${name}.cnn`));

  it('params (weights + biases), BN running statistics and CONV + FC MACs', () => {
    expect(figures(analysis)).toEqual(figures(tv));
  });

  it('gives 1000 class scores, as torchvision does', () => {
    expect(tv.output).toEqual([1, 1000]);
    expect(analysis.layers.at(-1)!.output).toEqual({ width: 1, height: 1, depth: 1000 });
  });

  it('the stem: a 3x3 stride-2 convolution of 32 channels without bias, and BN', () => {
    const stem = analysisOf(withNetwork(`${name}.cnn`, 'INPUT [224x224x3] => CONV(f=3, k=32, s=2, bias=no) => BN => RELU'));
    expect(stem.totals.params).toBe(3 * 3 * 3 * 32 + 2 * 32);
    expect(stem.totals.macs).toBe(112 * 112 * 32 * 27);
    expect(stem.totals.params).toBe(tv.where_top.stem!.params);
    expect(stem.totals.macs).toBe(tv.where_top.stem!.macs);
  });

  it('verify at 224x224: every prediction matches the run at inference', () => {
    const r = verifyAnalysis(analysis, { batch: 1, seed: 5, train: false, optimizer: 'sgd' });
    expect(verifyFailures(r)).toEqual([]);
    expect(r.ok).toBe(true);
  }, 60_000);

  it('verify --train at 112x112 (a quarter of the work): every prediction matches a training step', () => {
    const r = verifyAnalysis(analysisOf(atSide(`${name}.cnn`, 112)), { batch: 1, seed: 5, train: true, optimizer: 'momentum' });
    expect(verifyFailures(r)).toEqual([]);
    expect(r.ok).toBe(true);
  }, 60_000);
});

describe('RegNetY-400MF by hand', () => {
  it("its first block (32 -> 48 channels, 8 per group, stride 2 at 112x112) adds up to torchvision's block1", () => {
    const block = analysisOf(withNetwork('regnet_y_400mf.cnn', 'INPUT [112x112x32] => first(32, 48, 8)')).totals;
    const bn = 2 * 48;
    const proj = 32 * 48 + bn; //                      strided 1x1 shortcut
    const a = 32 * 48 + bn; //                         1x1 at 112x112
    const b = 3 * 3 * (48 / 6) * 48 + bn; //           6 groups of 8 channels
    const se = 2 * (48 * 8) + 8 + 48; //               squeeze to 32/4 = 8, with biases
    const c = 48 * 48 + bn;
    expect(block.params).toBe(proj + a + b + se + c);
    expect(block.params).toBe(10_040);
    expect(block.buffers).toBe(4 * bn);
    const macs = 56 * 56 * 48 * 32 + 112 * 112 * 48 * 32 + 56 * 56 * 48 * 9 * 8 + 2 * (48 * 8) + 56 * 56 * 48 * 48;
    expect(block.macs).toBe(macs);
    const tv = torchvisionFigures('regnet_y_400mf').where['trunk_output.block1']!;
    expect([block.params, block.buffers, block.macs]).toEqual([tv.params, tv.bn_buffers, tv.macs]);
  });

  it('a later block squeezes to a quarter of its input width: 104 -> 26', () => {
    const block = analysisOf(withNetwork('regnet_y_400mf.cnn', 'INPUT [28x28x104] => block(104, 8)')).totals;
    const conv1x1 = 104 * 104;
    expect(block.params).toBe(2 * conv1x1 + 3 * 3 * 8 * 104 + (2 * (104 * 26) + 26 + 104) + 3 * 2 * 104);
  });

  it('the stages halve the map and widen to 48, 104, 208 and 440', () => {
    const stages = [
      ['first(32, 48, 8)', { width: 56, height: 56, depth: 48 }],
      ['first(32, 48, 8) => first(48, 104, 8)', { width: 28, height: 28, depth: 104 }],
      ['first(32, 48, 8) => first(48, 104, 8) => first(104, 208, 8)', { width: 14, height: 14, depth: 208 }],
      ['first(32, 48, 8) => first(48, 104, 8) => first(104, 208, 8) => first(208, 440, 8)', { width: 7, height: 7, depth: 440 }],
    ] as const;
    for (const [blocks, shape] of stages) {
      const a = analysisOf(withNetwork('regnet_y_400mf.cnn', `INPUT [112x112x32] => ${blocks}`));
      expect(a.layers.at(-1)!.output).toEqual(shape);
    }
  });
});

describe('RegNetY-1.6GF by hand', () => {
  it('its grouped 3x3 convolutions have 24 channels per group: 888 channels in 37 groups', () => {
    const conv = analysisOf('INPUT [7x7x888] => CONV(f=3, k=888, g=37, bias=no)').totals;
    expect(conv.params).toBe(3 * 3 * 24 * 888);
    const block = analysisOf(withNetwork('regnet_y_1_6gf.cnn', 'INPUT [7x7x888] => block(888, 24)')).totals;
    expect(block.params).toBe(2 * 888 * 888 + 3 * 3 * 24 * 888 + (2 * (888 * 222) + 222 + 888) + 3 * 2 * 888);
    const tv = torchvisionFigures('regnet_y_1_6gf').where['trunk_output.block4']!;
    const first = analysisOf(withNetwork('regnet_y_1_6gf.cnn', 'INPUT [14x14x336] => first(336, 888, 24)')).totals;
    expect(first.params + block.params).toBe(tv.params);
  });
});
