// Every example lints without errors, and what each reports is right: the expectations below are
// worked out by hand from the layer arithmetic, not copied from cnncalc's output.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, REFERENCE, ROOT } from '../helpers.js';
import { findings, messagesOf } from './helpers.js';

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.cnn'));

it.each(EXAMPLES)('%s lints without errors', (name) => {
  expect(findings(example(name)).filter((f) => f.severity === 'error')).toEqual([]);
});

/** rule@line of every finding of an example. */
function where(name: string, config = {}): string[] {
  return findings(example(name), config).map((f) => `${f.severity} ${f.rule}@${f.line}`);
}

describe('what the examples report', () => {
  it('AlexNet 227/11/4 fits cleanly ((227 - 11)/4 = 54); only its first FC is parameter-heavy', () => {
    // FC-4096 on 6x6x256: 9216*4096 + 4096 = 37,752,832 of 62,378,344 = 60.5%
    expect(where('alexnet.cnn')).toEqual(['note param-heavy-layer@15']);
    expect(messagesOf(example('alexnet.cnn'), 'param-heavy-layer')[0]).toContain('37,752,832 of the network\'s 62,378,344 parameters (60.5%)');
  });

  it('AlexNet on 224 does not fit: 224 - 11 = 213 = 4*53 + 1 leaves the last column and row (223) uncovered', () => {
    const source = example('alexnet.cnn').replace('INPUT [227x227x3]', 'INPUT [224x224x3]');
    const [first] = findings(source, {}, 'window-not-integral');
    expect(first).toEqual({ rule: 'window-not-integral', line: 9, column: 4, severity: 'warning' });
    const [message] = messagesOf(source, 'window-not-integral');
    expect(message).toContain('224 - 11 + 2*0 = 213 is not divisible by the stride 4');
    expect(message).toContain('floored from 54.25 to 54');
    expect(message).toContain('no window covers the last input column and row (index 223, counting from 0)');
  });

  it('VGG16: the first FC holds 102,764,544 of 138,357,544 parameters (7*7*512*4096 + 4096; 74.3%)', () => {
    expect(where('vgg16.cnn')).toEqual(['note param-heavy-layer@10']);
    expect(messagesOf(example('vgg16.cnn'), 'param-heavy-layer')[0]).toBe("FC-4096 holds 102,764,544 of the network's 138,357,544 parameters (74.3%)");
  });

  it('the other VGGs, LeNet-5, ZF Net (225) and the pattern net: only their parameter-heavy FC', () => {
    expect(where('vgg11.cnn')).toEqual(['note param-heavy-layer@10']); // 102,764,544 / 132,863,336 = 77.3%
    expect(where('vgg13.cnn')).toEqual(['note param-heavy-layer@20']);
    expect(where('vgg19.cnn')).toEqual(['note param-heavy-layer@4']); // FC-4096 inside `let classifier`
    expect(where('lenet5.cnn')).toEqual(['note param-heavy-layer@9']); // 48,120 / 61,706 = 78.0%
    expect(where('zfnet.cnn')).toEqual(['note param-heavy-layer@13']); // (225 - 7 + 2)/2 = 110: every window fits
    expect(where('alexnet_2012.cnn')).toEqual(['note param-heavy-layer@12']);
    expect(where('pattern.cnn')).toEqual(['note param-heavy-layer@11']); // FC-256 on 4x4x32: 131,328 / 246,826 = 53.2%
  });

  it("the notes' CIFAR-10 net: POOL2 sees 4x4 of 32x32 (3x3 conv, then 2x2 pooling), and FC-10 holds 98.9%", () => {
    expect(where('cifar10.cnn')).toEqual(['note small-receptive-field@5', 'note param-heavy-layer@5']);
  });

  it('ZF Net as printed (224): conv1 leaves only padding out (a note), the later windows leave real input out', () => {
    // conv1: 224 - 7 + 2 = 219, 110 windows end at padded position 109*2 + 6 = 224, the last real column is
    // padded position 224: only the far padding column 225 is unseen. pool1 on 110: (110 - 3)/2 -> 54
    // windows end at 53*2 + 2 = 108, column 109 unseen; conv2 on 54: 25 windows end at 52, column 53
    // unseen; pool on 12: 5 windows end at 10, column 11 unseen.
    expect(where('zfnet_paper224.cnn')).toEqual([
      'note window-not-integral@6',
      'warning window-not-integral@6',
      'warning window-not-integral@7',
      'warning window-not-integral@10',
      'note param-heavy-layer@11',
    ]);
    expect(messagesOf(example('zfnet_paper224.cnn'), 'window-not-integral')[0]).toBe(
      'CONV(f=7, k=96, s=2, p=1) on 224x224x3: 224 - 7 + 2*1 = 219 is not divisible by the stride 2, so the output is floored from 110.5 to 110; every input column and row is covered; only the last padding column and row are never read',
    );
  });

  it('ZF Net as printed, --strict: an error at line 3 for layer 1, as the reference expects', () => {
    const expected = JSON.parse(readFileSync(`${REFERENCE}zfnet_paper224.error.json`, 'utf8')) as { line: number };
    const source = readFileSync(`${REFERENCE}zfnet_paper224.cnn`, 'utf8');
    const strict = findings(source, { strict: true }, 'window-not-integral');
    expect(strict[0]).toEqual({ rule: 'window-not-integral', line: expected.line, column: 4, severity: 'error' });
    expect(strict.every((f) => f.severity === 'error')).toBe(true);
    expect(findings(source, {}, 'window-not-integral')[0]!.severity).toBe('note');
  });

  it.each(['resnet18.cnn', 'resnet34.cnn'])('%s: the 1x1 stride-2 shortcut reads a quarter of its input; the rest only skips padding', (name) => {
    // stem 7x7/2 p3 on 224: 223 is odd, padding only; maxpool 3/2 p1 on 112: 111 odd, padding only;
    // down's 3x3/2 p1 on 56: 55 odd, padding only; its 1x1/2 on 56: column 55 and every odd one unseen.
    const down = name === 'resnet18.cnn' ? 7 : 4;
    const stem = name === 'resnet18.cnn' ? 11 : 8;
    expect(where(name)).toEqual([
      `note window-not-integral@${down}`,
      `warning window-not-integral@${down + 1}`,
      `warning stride-skips-input@${down + 1}`,
      `note window-not-integral@${stem}`,
      `note window-not-integral@${stem}`,
    ]);
    expect(messagesOf(example(name), 'stride-skips-input')[0]).toContain('only 1 of every 2 input columns and rows is ever read (25.0% of the input');
  });

  it('resnet50.cnn: the same in project(w, s) (stride 2 uses); GoogLeNet: its stem and the ceil-rounded pooling', () => {
    expect(where('resnet50.cnn')).toEqual([
      'note window-not-integral@10',
      'warning window-not-integral@12',
      'warning stride-skips-input@12',
      'note window-not-integral@15',
      'note window-not-integral@15',
    ]);
    // maxpool 3/2 ceil on 112: 109 is odd; the ceil window reaches past the edge, nothing unseen
    expect(where('googlenet.cnn')).toEqual(['note window-not-integral@12', 'note window-not-integral@15']);
    expect(messagesOf(example('googlenet.cnn'), 'window-not-integral')[0]).toContain('round=ceil adds a last window that runs past the edge');
  });
});
