// Figures from published sources and from the cs231n notes, each with its arithmetic written out.

import { describe, expect, it } from 'vitest';
import { analysisOf, example } from '../helpers.js';

describe('VGG (Simonyan & Zisserman 2014; torchvision publishes the parameter counts)', () => {
  it('VGG16: 138,357,544 parameters, 138,344,128 weights, 15,470,264,320 MACs', () => {
    const t = analysisOf(example('vgg16.cnn')).totals;
    expect(t.params).toBe(138_357_544);
    expect(t.weights).toBe(138_344_128);
    // MACs by hand: each 3x3 conv does outW*outH*k*9*D; FCs do in*n.
    const conv = (side: number, d: number, k: number): number => side * side * k * 9 * d;
    const macs =
      conv(224, 3, 64) + conv(224, 64, 64) +
      conv(112, 64, 128) + conv(112, 128, 128) +
      conv(56, 128, 256) + 2 * conv(56, 256, 256) +
      conv(28, 256, 512) + 2 * conv(28, 512, 512) +
      3 * conv(14, 512, 512) +
      7 * 7 * 512 * 4096 + 4096 * 4096 + 4096 * 1000;
    expect(macs).toBe(15_470_264_320);
    expect(t.macs).toBe(macs);
  });

  it.each([
    ['vgg11.cnn', 132_863_336],
    ['vgg13.cnn', 133_047_848],
    ['vgg19.cnn', 143_667_240],
  ])('%s has %i parameters', (file, params) => {
    expect(analysisOf(example(file)).totals.params).toBe(params);
  });
});

describe('the cs231n notes', () => {
  it("AlexNet conv1: 227, F=11, S=4, P=0 gives (227-11)/4+1 = 55, so 55x55x96 = 290,400 neurons and 96*11*11*3 = 34,848 weights", () => {
    const conv1 = analysisOf(example('alexnet.cnn')).layers[1]!;
    expect(conv1.output).toEqual({ width: 55, height: 55, depth: 96 });
    expect(conv1.activations).toBe(55 * 55 * 96);
    expect(conv1.activations).toBe(290_400);
    expect(conv1.weights).toBe(96 * 11 * 11 * 3);
    expect(conv1.weights).toBe(34_848);
    // Without sharing (the notes: 290400 * 364 = 105,705,600), which LOCAL computes as weights + biases.
    const local = analysisOf('INPUT [227x227x3] => LOCAL(f=11, k=96, s=4, p=0)').layers[1]!;
    expect(local.params).toBe(105_705_600);
  });

  it('the 11x11x4 input with f=5, s=2, p=0 gives (11-5)/2+1 = 4 per side', () => {
    const l = analysisOf('INPUT [11x11x4] => CONV(f=5, k=1, s=2, p=0)').layers[1]!;
    expect(l.output).toEqual({ width: 4, height: 4, depth: 1 });
    expect(l.weights).toBe(5 * 5 * 4);
  });

  it('three stacked 3x3 convs see 7x7: (1+3+1)=5 after two, (1+5+1)=7 after three', () => {
    const a = analysisOf('INPUT [32x32x8] => CONV3-8 => RELU => CONV3-8 => RELU => CONV3-8');
    expect(a.layers.map((l) => l.receptiveField?.size)).toEqual([1, 3, 3, 5, 5, 7]);
    // ... with 3*(C*(3*3*C)) = 27C^2 weights against C*(7*7*C) = 49C^2 for one 7x7 conv (C = 8).
    expect(a.totals.weights).toBe(27 * 8 * 8);
    expect(analysisOf('INPUT [32x32x8] => CONV7-8').totals.weights).toBe(49 * 8 * 8);
  });

  it('the CIFAR-10 net goes [32x32x3] -> [32x32x12] -> [32x32x12] -> [16x16x12] -> [1x1x10]', () => {
    const shapes = analysisOf(example('cifar10.cnn')).layers.map((l) => [l.output.width, l.output.height, l.output.depth]);
    expect(shapes).toEqual([[32, 32, 3], [32, 32, 12], [32, 32, 12], [16, 16, 12], [1, 1, 10]]);
  });

  it('a 5x5 window on a 32x32x3 image has 5*5*3 = 75 weights per neuron; 3x3 on 16x16x20 has 180', () => {
    expect(analysisOf('INPUT [32x32x3] => CONV(f=5, k=1)').layers[1]!.weights).toBe(75);
    expect(analysisOf('INPUT [16x16x20] => CONV(f=3, k=1)').layers[1]!.weights).toBe(180);
  });

  it('three 3x3 CONV-64 layers with padding 1 on 224x224x3 keep 224x224x64', () => {
    const a = analysisOf('INPUT [224x224x3] => [CONV(f=3, k=64, p=1) => RELU]*3');
    expect(a.layers.filter((l) => l.layer.kind === 'conv').map((l) => l.activations)).toEqual([3_211_264, 3_211_264, 3_211_264]);
  });
});

describe('LeNet-5, layer by layer by hand', () => {
  const a = analysisOf(example('lenet5.cnn'));
  const row = (i: number) => {
    const l = a.layers[i]!;
    return [l.output.width, l.output.height, l.output.depth, l.weights, l.biases, l.macs];
  };
  it('C1: 32-5+1 = 28, 6 filters of 5*5*1; MACs 28*28*6*25', () => expect(row(1)).toEqual([28, 28, 6, 150, 6, 28 * 28 * 6 * 25]));
  it('S2: 28/2 = 14', () => expect(row(3)).toEqual([14, 14, 6, 0, 0, 0]));
  it('C3: 14-5+1 = 10, 16 filters of 5*5*6; MACs 10*10*16*150', () => expect(row(4)).toEqual([10, 10, 16, 2400, 16, 10 * 10 * 16 * 150]));
  it('S4: 10/2 = 5', () => expect(row(6)).toEqual([5, 5, 16, 0, 0, 0]));
  it('F5: 5*5*16 = 400 inputs to 120', () => expect(row(7)).toEqual([1, 1, 120, 48_000, 120, 48_000]));
  it('F6: 120 to 84', () => expect(row(9)).toEqual([1, 1, 84, 10_080, 84, 10_080]));
  it('output: 84 to 10', () => expect(row(11)).toEqual([1, 1, 10, 840, 10, 840]));
  it('totals: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters', () => {
    expect(a.totals.params).toBe(156 + 2416 + 48_120 + 10_164 + 850);
  });
});

describe('the general pattern with let bindings', () => {
  it('N=2, M=3, K=2: 32 -> 16 -> 8 -> 4, conv params 896 + 5*9,248, FC 512*256+256 + 256*256+256 + 256*10+10', () => {
    const t = analysisOf(example('pattern.cnn')).totals;
    expect(t.params).toBe(896 + 5 * 9248 + (512 * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10));
  });
  it('--set overrides: N=1, M=1, K=0 is CONV => RELU => POOL2 => FC-10', () => {
    const a = analysisOf(example('pattern.cnn'), { set: { N: 1, M: 1, K: 0 } });
    expect(a.layers.map((l) => l.layer.kind)).toEqual(['input', 'conv', 'relu', 'pool', 'fc']);
    expect(a.totals.params).toBe(896 + 16 * 16 * 32 * 10 + 10);
  });
  it('--without-optional drops the pools: 32x32x32 reaches the first FC', () => {
    const a = analysisOf(example('pattern.cnn'), { withoutOptional: true });
    expect(a.layers.some((l) => l.layer.kind === 'pool')).toBe(false);
    expect(a.layers.find((l) => l.layer.kind === 'fc')!.weights).toBe(32 * 32 * 32 * 256);
  });
});
