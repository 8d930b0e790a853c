// The MobileNet examples (mobilenet_v2, mobilenet_v3_large, mobilenet_v3_small and LR-ASPP on
// MobileNetV3-Large) against torchvision 0.14's own figures, counted by bench/torchvision/count.py
// with forward hooks (test/reference/torchvision/<name>.json), and a few figures worked out by hand.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LayerAnalysis } from '../../src/analysis/analyze.js';
import { verifyAnalysis } from '../../src/exec/verify.js';
import { analysisOf, example, REFERENCE } from '../helpers.js';

interface Fixture {
  readonly params: number;
  readonly bn_buffers: number;
  readonly macs: number;
  readonly output: readonly number[] | { readonly out: readonly number[] };
  readonly where_top: Readonly<Record<string, { readonly params: number; readonly macs: number }>>;
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(`${REFERENCE}torchvision/${name}.json`, 'utf8')) as Fixture;
const analysis = (name: string) => analysisOf(example(`${name}.cnn`));
const sum = (layers: readonly LayerAnalysis[], figure: 'params' | 'buffers' | 'macs') => layers.reduce((n, l) => n + l[figure], 0);

describe('torchvision 0.14 figures (params, BN statistics, MACs of Conv2d and Linear, output shape)', () => {
  it.each(['mobilenet_v2', 'mobilenet_v3_large', 'mobilenet_v3_small', 'lraspp_mobilenet_v3_large'])('%s', (name) => {
    const f = fixture(name);
    const a = analysis(name);
    expect([a.totals.params, a.totals.buffers, a.totals.macs]).toEqual([f.params, f.bn_buffers, f.macs]);
    const [, channels, height, width] = 'out' in f.output ? f.output.out : [1, f.output[1]!, 1, 1];
    expect(a.layers.at(-1)!.output).toEqual({ width, height, depth: channels });
  });
});

describe('by hand', () => {
  it('mobilenet_v2: the paper\'s table (t, c, n, s) gives its params, BN statistics and MACs', () => {
    // Every convolution has no bias and a BN (2 params and 2 statistics per channel) after it
    let side = 112; // after the 3x3 stride-2 stem
    let params = 3 * 3 * 3 * 32 + 2 * 32;
    let bn = 2 * 32;
    let macs = side * side * 3 * 3 * 3 * 32;
    const conv = (weightsPerOut: number, out: number, at: number) => {
      params += weightsPerOut * out + 2 * out;
      bn += 2 * out;
      macs += at * at * weightsPerOut * out;
    };
    let cin = 32;
    for (const [t, c, n, s] of [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]] as const) {
      for (let i = 0; i < n; i++) {
        const e = t * cin;
        if (t !== 1) conv(cin, e, side); // 1x1 expansion
        if (i === 0) side /= s;
        conv(3 * 3, e, side); // depthwise: one 3x3 filter per channel
        conv(e, c, side); // linear 1x1 projection
        cin = c;
      }
    }
    conv(320, 1280, 7);
    params += 1280 * 1000 + 1000;
    macs += 1280 * 1000;
    const t = analysis('mobilenet_v2').totals;
    expect([t.params, t.buffers, t.macs]).toEqual([params, bn, macs]);
    expect([params, bn, macs]).toEqual([3_504_872, 34_112, 300_774_272]);
  });

  it('mobilenet_v3_large: the first SE block (72 channels, squeezed to 24) has 2*(72*24) + 24 + 72 weights and biases', () => {
    const layers = analysis('mobilenet_v3_large').layers;
    const mul = layers.findIndex((l) => l.layer.kind === 'mul');
    const se = layers.slice(mul - 5, mul + 1);
    expect(se.map((l) => l.layer.kind)).toEqual(['pool', 'conv', 'relu', 'conv', 'hsigmoid', 'mul']);
    expect(sum(se, 'params')).toBe(2 * (72 * 24) + 24 + 72);
    expect(layers[mul]!.output).toEqual({ width: 28, height: 28, depth: 72 }); // the gate broadcasts 1x1x72 over 28x28
  });

  it('mobilenet_v3 classifiers: Linear(960, 1280) and Linear(1280, 1000); Linear(576, 1024) and Linear(1024, 1000)', () => {
    for (const [name, d, hidden] of [['mobilenet_v3_large', 960, 1280], ['mobilenet_v3_small', 576, 1024]] as const) {
      const fcs = analysis(name).layers.filter((l) => l.layer.kind === 'fc');
      const byHand = d * hidden + hidden + hidden * 1000 + 1000;
      expect(sum(fcs, 'params')).toBe(byHand);
      expect(fixture(name).where_top['classifier']!.params).toBe(byHand);
    }
  });

  it('lraspp: the low classifier reads the fourth block\'s stride-8 output (65x65x40), the high one the gated map', () => {
    const layers = analysis('lraspp_mobilenet_v3_large').layers;
    const add = layers.at(-2)!;
    expect(add.layer.kind).toBe('add');
    const [low, high] = add.node.inputs.map((i) => layers[i]!);
    const lowInput = layers[low!.node.inputs[0]!]!;
    expect([lowInput.layer.kind, lowInput.output]).toEqual(['bn', { width: 65, height: 65, depth: 40 }]);
    expect(layers[lowInput.node.id + 1]!.layer.kind).toBe('conv'); // the block before the residual ones, not after them
    expect([low!.params, low!.macs]).toEqual([40 * 21 + 21, 65 * 65 * 40 * 21]);
    expect([high!.params, high!.macs]).toEqual([128 * 21 + 21, 65 * 65 * 128 * 21]);
    // the head: cbr (960*128 + BN 2*128), scale (960*128), two classifiers
    const headParams = 960 * 128 + 2 * 128 + 960 * 128 + (40 * 21 + 21) + (128 * 21 + 21);
    expect(fixture('lraspp_mobilenet_v3_large').where_top['classifier']!.params).toBe(headParams);
    expect(sum(layers.slice(-12), 'params')).toBe(headParams);
    expect(layers.at(-13)!.output).toEqual({ width: 33, height: 33, depth: 960 }); // stride 16, dilated last stage
  });
});

// verify runs the network with seeded random weights and checks every predicted figure against the run.
// Each check stays under about 20 s on 2 cores: the training step of mobilenet_v2 and mobilenet_v3_large
// runs at 112x112 (the INPUT line replaced), and LR-ASPP, whose inference alone takes about 17 s at
// 520x520, runs both at 128x128 (`side`, the example's input size, set to 128).
describe('verify and verify --train', () => {
  const source = (name: string, input?: number) => {
    const text = example(`${name}.cnn`);
    return input ? text.replace('INPUT [224x224x3]', `INPUT [${input}x${input}x3]`) : text;
  };
  const verified = (text: string, train: boolean, set = {}) =>
    verifyAnalysis(analysisOf(text, { set }), { batch: 1, seed: 0, train, optimizer: 'adam' }).ok;
  it.each(['mobilenet_v2', 'mobilenet_v3_large', 'mobilenet_v3_small'])('%s: inference at 224', (name) => {
    expect(verified(source(name), false)).toBe(true);
  }, 60_000);
  it.each([['mobilenet_v2', 112], ['mobilenet_v3_large', 112], ['mobilenet_v3_small', 224]])('%s: a training step at %i', (name, input) => {
    const text = source(name, input);
    expect(text).toContain(`INPUT [${input}x${input}x3]`);
    expect(verified(text, true)).toBe(true);
  }, 60_000);
  it.each([false, true])('lraspp_mobilenet_v3_large at 128 (train: %s)', (train) => {
    expect(verified(example('lraspp_mobilenet_v3_large.cnn'), train, { side: 128 })).toBe(true);
  }, 60_000);
});
