// The two notation mistakes that compile silently (issue #10): a channels-first INPUT and CONVn
// without its dash. Their thresholds, with the arithmetic that makes each case a mistake or not.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, ROOT } from '../helpers.js';
import { findings, lintSource, messagesOf } from './helpers.js';

const fires = (source: string, rule: string): boolean => findings(source, {}, rule).length > 0;

describe('channels-first-input', () => {
  const rule = 'channels-first-input';

  it('reads INPUT [3x224x224] as 3 wide, 224 high, 224 deep, and suggests [224x224x3]', () => {
    const source = 'INPUT [3x224x224] => CONV3-64 => RELU => FC-10';
    expect(messagesOf(source, rule)).toEqual(['INPUT [3x224x224] is read as 3 wide, 224 high and 224 deep (width x height x depth): 224 channels of 3x224']);
    expect(lintSource(source).diagnostics.find((d) => d.code === rule)!.hint).toContain('write INPUT [224x224x3]');
  });

  it('C x H x W of a non-square image becomes W x H x C: 3x480x640 -> 640x480x3', () => {
    expect(lintSource('INPUT 3x480x640 => FC-10').diagnostics.find((d) => d.code === rule)!.hint).toContain('write INPUT [640x480x3]');
  });

  it('fires for grey, RGB and RGBA channel counts on image-like sides (MNIST 1x28x28, CIFAR 3x32x32, 4x64x64)', () => {
    for (const shape of ['1x28x28', '3x32x32', '4x64x64', '3x8x8', '3x224x112']) expect(fires(`INPUT [${shape}] => FC-10`, rule), shape).toBe(true);
  });

  it('stays silent on channels-last shapes, 5 or more "channels", small sides, a thin strip and the keyword form', () => {
    const silent = ['224x224x3', '28x28x1', '5x224x224', '3x4x4', '3x7x224', '1x1000x64', '3x224x111', '1x1x1'];
    for (const shape of silent) expect(fires(`INPUT [${shape}] => FC-10`, rule), shape).toBe(false);
    expect(fires('INPUT(w=3, h=224, d=224) => FC-10', rule)).toBe(false);
  });
});

describe('shorthand-filter-size', () => {
  const rule = 'shorthand-filter-size';

  it('CONV64 on 32x32x16 is one 64x64 filter per channel: 64*64*16*16 = 1,048,576 weights', () => {
    const source = 'INPUT [32x32x16] => CONV64 => RELU => FC-10';
    expect(messagesOf(source, rule)).toEqual(['CONV64 on 32x32x16 is one 64x64 filter per output channel (f=64, k = the input depth 16): 1,048,576 weights']);
    expect(lintSource(source).diagnostics.find((d) => d.code === rule)!.hint).toBe('for 64 filters of 3x3 write CONV3-64; a 64x64 filter on purpose is written CONV(f=64, k=16)');
  });

  it('fires from 12 up, in any case and with other arguments; not for real filter sizes, a dash, k= or keywords', () => {
    for (const conv of ['CONV12', 'CONV64', 'conv32(s=2)', 'Conv128']) expect(fires(`INPUT [256x256x3] => ${conv} => FC-10`, rule), conv).toBe(true);
    for (const conv of ['CONV3', 'CONV5', 'CONV7', 'CONV11', 'CONV12-16', 'CONV3-64', 'CONV64(k=8)', 'CONV(f=15, k=16)']) {
      expect(fires(`INPUT [256x256x3] => ${conv} => FC-10`, rule), conv).toBe(false);
    }
  });

  it('is not also reported as a large filter (large-filter would suggest 32 stacked 3x3 layers)', () => {
    expect(findings('INPUT [32x32x16] => CONV64 => RELU => FC-10', {}, 'large-filter')).toEqual([]);
    expect(findings('INPUT [32x32x64] => CONV(f=7, k=64) => RELU => FC-10', {}, 'large-filter').length).toBe(1);
  });
});

it.each(readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.cnn')))('%s: neither mistake is reported', (name) => {
  expect(findings(example(name)).filter((f) => f.rule === 'channels-first-input' || f.rule === 'shorthand-filter-size')).toEqual([]);
});
