// Row labels show the values arguments took inside parameterised blocks and under integer lets;
// what is written as a literal, a word or a flag stays as written.

import { describe, expect, it } from 'vitest';
import { resolvedLabel } from '../../src/analysis/layer-label.js';
import { analysisOf, example } from '../helpers.js';

const labels = (source: string): string[] => analysisOf(source).layers.map((l) => resolvedLabel(l.node));

describe('resolved row labels', () => {
  it('replaces names and expressions with their values, keeping everything else as written', () => {
    const source = [
      'let N = 7',
      'let b(c, r) = CONV(f=3, k=c, bias=no) => BN => CONV3-(c*2) => CONV3-r(s=2) => POOL(f=3, s=2, mode=avg) => DROPOUT(0.5) => LRN(size=r)',
      'INPUT [32x32x3] => b(16, 5) => GAP => FC(N) => FC-N => FC( N*2 ) => POOL(mode=max, global)',
    ].join('\n');
    expect(labels(source)).toEqual([
      'INPUT [32x32x3]',
      'CONV(f=3, k=16, bias=no)', // c = 16
      'BN',
      'CONV3-32', // c*2 = 32
      'CONV3-5(s=2)', // r = 5
      'POOL(f=3, s=2, mode=avg)',
      'DROPOUT(0.5)',
      'LRN(size=5)',
      'GAP',
      'FC(7)', // N = 7, positional
      'FC-7',
      'FC( 14 )', // N*2, spacing as written
      'POOL(mode=max, global)',
    ]);
  });

  it('gives each use of a text its own values (the text is cut once, the values read per layer)', () => {
    const source = 'let b(c) = CONV(f=3, k=c) => CONV3-(c+1)\nINPUT [16x16x3] => b(8) => b(16) => [CONV(f=3, k=4)]*2 => b(8)';
    expect(labels(source)).toEqual(['INPUT [16x16x3]', 'CONV(f=3, k=8)', 'CONV3-9', 'CONV(f=3, k=16)', 'CONV3-17', 'CONV(f=3, k=4)', 'CONV(f=3, k=4)', 'CONV(f=3, k=8)', 'CONV3-9']);
    // the same texts again, in another network, with other values
    expect(labels(source.replace('b(16)', 'b(2)'))[3]).toBe('CONV(f=3, k=2)');
  });

  it("ResNet-18's basic(64) rows read k=64, down(128)'s k=128", () => {
    const all = labels(example('resnet18.cnn'));
    // layers 1-4: the stem (CONV, BN, RELU, POOL); 5: basic(64)'s first CONV
    expect(all[5]).toBe('CONV(f=3, k=64, bias=no)');
    expect(all).toContain('CONV(f=3, k=128, s=2, bias=no)');
    expect(all).toContain('CONV(f=1, k=512, s=2, bias=no)');
    expect(all.some((t) => /k=c\b/.test(t))).toBe(false);
  });
});
