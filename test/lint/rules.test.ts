// Details of single rules beyond their fixtures, with the arithmetic written out.
import { describe, expect, it } from 'vitest';
import { findings, lintSource, messagesOf } from './helpers.js';

const hintsOf = (source: string, rule: string): string[] => lintSource(source).diagnostics.filter((d) => d.code === rule).map((d) => d.hint);

describe('window-not-integral', () => {
  it('a non-square input: each side with its own arithmetic and uncovered index', () => {
    // width: 64 - 3 = 61, 30 steps of 2 reach 60, windows end at 62: column 63 unseen; height: 32 - 3 = 29, row 31 unseen
    const [m] = messagesOf('INPUT [64x32x3] => CONV(f=3, k=8, s=2, p=0) => RELU => FC-10', 'window-not-integral');
    expect(m).toContain('64 - 3 + 2*0 = 61 (width) and 32 - 3 + 2*0 = 29 (height) are not divisible by the stride 2');
    expect(m).toContain('no window covers the last input column (index 63) or the last input row (index 31)');
  });

  it('names a padding that fits when there is one: 32 - 4 + 2p divisible by 3 at p=1', () => {
    const source = 'INPUT [32x32x3] => CONV(f=4, k=8, s=3, p=0) => RELU => FC-10';
    // 28 = 3*9 + 1: windows end at 27 + 3 = 30, so column 31 is unseen; p=1 gives 30 = 3*10
    expect(messagesOf(source, 'window-not-integral')[0]).toContain('no window covers the last input column and row (index 31');
    expect(findings(source, {}, 'window-not-integral')[0]!.severity).toBe('warning');
  });

  it('suggests the nearest input sizes that fit on either side: AlexNet on 224 -> 223 or 227', () => {
    // 224 - 11 = 213 = 4*53 + 1; 223 - 11 = 212 = 4*53 and 227 - 11 = 216 = 4*54
    const source = 'INPUT [224x224x3] => CONV(f=11, k=96, s=4, p=0) => RELU => FC-10';
    expect(hintsOf(source, 'window-not-integral')[0]).toMatch(/; so would an input of 223x223 or 227x227$/);
  });

  it('never suggests an input smaller than 1: FC-1 gives 1x1, and only 2x2 fits f=2, s=2, p=1', () => {
    // on 1: 1 - 2 + 2*1 = 1, odd; n - 2 + 2 = n is even for n = 0 (no input) or 2. Every p gives 2p - 1, odd;
    // s=1 divides 1.
    const source = 'INPUT [1x1x1] => FC-1 => CONV(f=2, k=1, s=2, p=1)';
    expect(hintsOf(source, 'window-not-integral')).toEqual(['only padding is skipped; to fit exactly: no padding fits (1 + 2p is never a multiple of 2); s=1 fits; so would an input of 2x2 (from the layers before)']);
  });
});

describe('linear-stack', () => {
  it('looks through BN, dropout, average pooling, additions and concatenations, not through RELU or max pooling', () => {
    expect(findings('INPUT [8x8x4] => CONV3-4 => BN => CONV3-4 => RELU => FC-2', {}, 'linear-stack').map((f) => f.column)).toEqual([35]);
    expect(findings('INPUT [8x8x4] => CONV3-4 => { CONV3-4 + ID } => RELU => FC-2', {}, 'linear-stack').map((f) => f.column)).toEqual([31]);
    expect(findings('INPUT [8x8x4] => CONV3-4 => POOL2 => CONV3-4 => RELU => FC-2', {}, 'linear-stack')).toEqual([]);
    expect(findings('INPUT [8x8x4] => CONV3-4 => RELU => { CONV3-4 | CONV(f=1, k=4) } => RELU => FC-2', {}, 'linear-stack')).toEqual([]);
  });
});

describe('dead-weights', () => {
  it('a 3x3 window with p=1 on a 2x2 map uses every tap; on 1x1 only the centre (8 of 9 dead)', () => {
    expect(findings('INPUT [2x2x4] => CONV3-4 => RELU => FC-2', {}, 'dead-weights')).toEqual([]);
    expect(messagesOf('INPUT [1x1x4] => CONV3-4 => RELU => FC-2', 'dead-weights')[0]).toContain('only 1 of its 9 filter taps ever meet real input; 88.9% of its weights');
  });
});

describe('bias-before-bn', () => {
  it('counts the biases BN cancels: k of a CONV, n of an FC', () => {
    expect(messagesOf('INPUT [8x8x4] => CONV3-32 => BN => RELU => FC-10 => BN', 'bias-before-bn')).toEqual([
      'CONV3-32 has 32 biases that the BN after it cancels',
      'FC-10 has 10 biases that the BN after it cancels',
    ]);
  });
});
