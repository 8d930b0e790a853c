// The rules that read a window, on version 3's non-square windows and adaptive pooling: each side
// judged with its own window and named by its own keys (fw, pw, sh, ...); adaptive pooling always
// fits; a factorised 1x7 is no large filter and an adaptive pool no large pool.

import { describe, expect, it } from 'vitest';
import { findings, lintSource, messagesOf } from './helpers.js';

const hintsOf = (source: string, rule: string): string[] => lintSource(source).diagnostics.filter((d) => d.code === rule).map((d) => d.hint ?? '');

describe('non-square windows', () => {
  it('even-filter-same-padding: the even side, with its own keys', () => {
    const source = 'INPUT [17x17x8] => CONV(fh=1, fw=4, k=8)';
    // 17 - 4 + 2*1 + 1 = 16, 17 - 4 + 2*2 + 1 = 18
    expect(messagesOf(source, 'even-filter-same-padding')).toEqual([
      'CONV(fh=1, fw=4, k=8) on 17x17x8 has an even 4-wide window: no padding keeps 17 at 17 (pw=1 gives 16, pw=2 gives 18)',
    ]);
    expect(hintsOf(source, 'even-filter-same-padding')).toEqual(['use an odd filter size, e.g. fw=5 with pw=2']);
    expect(messagesOf('INPUT [9x9x2] => POOL(fh=2, fw=1, sh=1, ph=1)', 'even-filter-same-padding')[0]).toMatch(/even 2-high window.*ph=0 gives 8, ph=1 gives 10/);
    expect(findings('INPUT [17x17x8] => CONV(fh=1, fw=7, k=8) => CONV(fh=7, fw=1, k=8)', {}, 'even-filter-same-padding')).toEqual([]);
  });

  it('window-not-integral: the side that does not fit, mended by its own padding and stride', () => {
    // height: 16 - 3 + 2*1 = 15, odd; width: 17 - 1 + 0 = 16, any stride 1 fits
    const source = 'INPUT [17x16x8] => CONV(fh=3, fw=1, sh=2, sw=1, ph=1, pw=0, k=8)';
    expect(messagesOf(source, 'window-not-integral')[0]).toMatch(/^CONV\(.*\) on 17x16x8 \(height\): 16 - 3 \+ 2\*1 = 15 is not divisible by the stride 2/);
    expect(hintsOf(source, 'window-not-integral')).toEqual(['only padding is skipped; to fit exactly: no padding fits (15 + 2ph is never a multiple of 2); sh=1 or sh=3 fits']);
    // both sides off, each with its own window: 17 - 2 + 0 = 15 by 2, 17 - 3 + 0 = 14 by 3
    expect(messagesOf('INPUT [17x17x1] => POOL(fh=3, fw=2, sh=3, sw=2)', 'window-not-integral')[0]).toMatch(
      /17 - 2 \+ 2\*0 = 15 \(width\) and 17 - 3 \+ 2\*0 = 14 \(height\) are not divisible by the strides 2 and 3/,
    );
  });

  it('stride-skips-input: the side that skips, by its keys', () => {
    const source = 'INPUT [18x18x8] => CONV(fh=1, fw=3, sh=3, k=8)';
    expect(messagesOf(source, 'stride-skips-input')[0]).toMatch(/the stride 3 is larger than what its 1-high window reads, so only 1 of every 3 input rows/);
    expect(hintsOf(source, 'stride-skips-input')[0]).toBe('use fh >= sh, or pool first: POOL(fh=3, sh=3, mode=avg) then this layer with sh=1');
  });

  it("large-filter leaves Inception's 1x7 alone (it is already factorised)", () => {
    expect(findings('INPUT [17x17x64] => CONV(fh=1, fw=7, k=64) => RELU => CONV(fh=7, fw=1, k=64)', {}, 'large-filter')).toEqual([]);
    expect(findings('INPUT [17x17x64] => CONV(fh=7, fw=7, k=64)', {}, 'large-filter')).toHaveLength(1);
  });

  it('large-pool: the larger side', () => {
    expect(messagesOf('INPUT [17x17x8] => POOL(fh=5, fw=1, sh=1)', 'large-pool')).toEqual(['POOL(fh=5, fw=1, sh=1) pools 1x5 windows: each output keeps one summary of 5 inputs']);
  });
});

describe('adaptive pooling', () => {
  it('fits every input: no window rule fires, even where out does not divide the input', () => {
    const source = 'INPUT [17x17x8] => CONV3-8 => RELU => POOL(mode=avg, out=7) => POOL(mode=max, outh=5, outw=2) => POOL(mode=avg, out=6) => FC-10';
    for (const rule of ['window-not-integral', 'even-filter-same-padding', 'stride-skips-input', 'large-pool']) expect(findings(source, {}, rule), rule).toEqual([]);
  });

  it('out=1 is global pooling: the head starts there', () => {
    // small-receptive-field asks of the last spatial layer; out=1 collapses space as GAP does
    const as = (pool: string) => findings(`INPUT [32x32x3] => CONV3-8 => RELU => ${pool} => FC-10`, {}, 'small-receptive-field');
    expect(as('POOL(mode=avg, out=1)')).toEqual(as('GAP'));
  });
});
