// The examples that use SIGMOID, TANH and LOCAL (lenet_d2l, lenet5_tanh, deepface): their shapes and
// parameters against the figures their sources publish, with the arithmetic written out.

import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/analyze.js';
import { analysisOf, example } from '../helpers.js';

const side = (n: number, f: number, s = 1): number => (n - f) / s + 1; // unpadded, when the window fits
const shapes = (a: Analysis): string[] => a.layers.map((l) => `${l.output.width}x${l.output.height}x${l.output.depth}`);

describe('LeNet as d2l.ai writes it (sigmoid, average pooling)', () => {
  const a = analysisOf(example('lenet_d2l.cnn'));
  it('has the shapes d2l prints: 6x28x28, 6x14x14, 16x10x10, 16x5x5, then 120, 84, 10', () => {
    expect(shapes(a)).toEqual([
      '28x28x1', '28x28x6', '28x28x6', '14x14x6', '10x10x16', '10x10x16', '5x5x16', '1x1x120', '1x1x120', '1x1x84', '1x1x84', '1x1x10',
    ]);
    expect(side(28 + 2 * 2, 5)).toBe(28);
    expect(side(14, 5)).toBe(10);
  });
  it('has 61,706 parameters: 156 + 2,416 + 48,120 + 10,164 + 850', () => {
    const params = (6 * 5 * 5 + 6) + (16 * 5 * 5 * 6 + 16) + (16 * 5 * 5 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
    expect(params).toBe(61_706);
    expect(a.totals.params).toBe(params);
  });
});

describe('LeNet-5 with tanh (LeCun et al. 1998, section II.B)', () => {
  const a = analysisOf(example('lenet5_tanh.cnn'));
  it("the paper's layers sum to its 60,000 trainable parameters; full C3 and FC-10 make 61,706", () => {
    const paper = { C1: 156, S2: 12, C3: 1_516, S4: 32, C5: 48_120, F6: 10_164 };
    expect(Object.values(paper).reduce((x, y) => x + y)).toBe(60_000);
    // average pooling drops S2's and S4's coefficients and biases; C3 sees all six maps; FC-10 stands for the RBF units
    const rebuilt = 60_000 - paper.S2 - paper.S4 - paper.C3 + (16 * (5 * 5 * 6) + 16) + (84 * 10 + 10);
    expect(rebuilt).toBe(61_706);
    expect(a.totals.params).toBe(rebuilt);
  });
  it('C1 is 28x28x6 with 156 parameters and 122,304 connections; C5 is 1x1x120 with 48,120; F6 10,164', () => {
    const [, c1, , s2, c3, , s4, c5, , f6] = a.layers;
    expect([c1!.output, s2!.output, c3!.output, s4!.output, c5!.output].map((s) => [s.width, s.depth])).toEqual([[28, 6], [14, 6], [10, 16], [5, 16], [1, 120]]);
    expect(c1!.params).toBe(6 * (5 * 5 + 1));
    expect(c1!.macs + c1!.activations).toBe(28 * 28 * 6 * (25 + 1)); // a connection per weight and per bias
    expect(c1!.macs + c1!.activations).toBe(122_304);
    expect(c5!.params).toBe(120 * (5 * 5 * 16 + 1));
    expect(c5!.params).toBe(48_120);
    expect(f6!.params).toBe(84 * (120 + 1));
    expect(f6!.params).toBe(10_164);
  });
});

describe('DeepFace (Taigman et al. 2014): three locally connected layers', () => {
  const a = analysisOf(example('deepface.cnn'));
  const [, c1, , m2, c3, , l4, , l5, , l6, , f7, , , f8] = a.layers;
  it('goes 142x142x32, 71x71x32, 63x63x16, 55x55x16, 25x25x16, 21x21x16, 4096, 4030', () => {
    expect(side(152, 11)).toBe(142);
    expect(Math.ceil((142 - 3) / 2) + 1).toBe(71); // M2 rounds up
    expect([side(71, 9), side(63, 9), side(55, 7, 2), side(25, 5)]).toEqual([63, 55, 25, 21]);
    const sizes = [c1, m2, c3, l4, l5, l6, f7, f8].map((l) => [l!.output.width, l!.output.height, l!.output.depth]);
    expect(sizes).toEqual([[142, 142, 32], [71, 71, 32], [63, 63, 16], [55, 55, 16], [25, 25, 16], [21, 21, 16], [1, 1, 4096], [1, 1, 4030]]);
  });
  it('L4, L5, L6 have a filter bank and biases per output position', () => {
    expect(l4!.params).toBe(55 * 55 * 16 * (9 * 9 * 16 + 1));
    expect(l4!.params).toBe(62_774_800);
    expect(l5!.params).toBe(25 * 25 * 16 * (7 * 7 * 16 + 1));
    expect(l5!.params).toBe(7_850_000);
    expect(l6!.params).toBe(21 * 21 * 16 * (5 * 5 * 16 + 1));
    expect(l6!.params).toBe(2_829_456);
  });
  it('holds 118,923,774 parameters, 99.96% in the local and fully connected layers (the paper: more than 95%)', () => {
    const front = 32 * (11 * 11 * 3) + 32 + 16 * (9 * 9 * 32) + 16;
    const back = 62_774_800 + 7_850_000 + 2_829_456 + (21 * 21 * 16 * 4096 + 4096) + (4096 * 4030 + 4030);
    expect(front).toBe(11_648 + 41_488);
    expect(front + back).toBe(118_923_774);
    expect(a.totals.params).toBe(front + back);
    expect(back / (front + back)).toBeGreaterThan(0.9995);
  });
});
