// Notation version 2: branches, BN, groups, dilation, bias=no, ceil and global pooling, blocks with
// parameters. Figures by hand, and the published ones for GoogLeNet, the ResNets and AlexNet 2012.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { analysisOf, errorsOf, example } from '../helpers.js';

const first = (source: string) => errorsOf(source)[0]!;

describe('published figures (torchvision 0.14 at 224x224; MACs of convolutions and FC layers)', () => {
  it.each([
    ['googlenet.cnn', 6_624_904, 1_498_376_192],
    ['resnet18.cnn', 11_689_512, 1_814_073_344],
    ['resnet34.cnn', 21_797_672, 3_663_761_408],
    ['resnet50.cnn', 25_557_032, 4_089_184_256],
  ])('%s: %i parameters, %i MACs', (file, params, macs) => {
    const t = analysisOf(example(file)).totals;
    expect([t.params, t.macs]).toEqual([params, macs]);
  });
  it('alexnet_2012 (groups=2 on conv2, conv4, conv5): 60,965,224 parameters', () => {
    const conv = (f: number, d: number, k: number) => f * f * d * k + k;
    const fc = (i: number, n: number) => i * n + n;
    const byHand = conv(11, 3, 96) + conv(5, 48, 256) + conv(3, 256, 384) + conv(3, 192, 384) + conv(3, 192, 256) + fc(6 * 6 * 256, 4096) + fc(4096, 4096) + fc(4096, 1000);
    expect(byHand).toBe(60_965_224);
    expect(analysisOf(example('alexnet_2012.cnn')).totals.params).toBe(byHand);
  });
});

describe('branches', () => {
  it('{ A | B } concatenates along depth', () => {
    const a = analysisOf('INPUT [8x8x4] => { CONV(f=1, k=2) | CONV3-3 | POOL(f=3, s=1, p=1) }');
    const merge = a.layers.at(-1)!;
    expect(merge.layer.kind).toBe('concat');
    expect(merge.output).toEqual({ width: 8, height: 8, depth: 2 + 3 + 4 });
    expect(merge.node.inputs).toEqual([1, 2, 3]);
    expect(a.layers.slice(1, 4).map((l) => l.node.inputs)).toEqual([[0], [0], [0]]);
  });
  it('{ A + ID } adds element-wise; ID passes the input through; the add costs one FLOP per element', () => {
    const a = analysisOf('INPUT [8x8x4] => { CONV3-4 => BN + ID } => RELU');
    const add = a.layers[3]!;
    expect(add.layer.kind).toBe('add');
    expect(add.node.inputs).toEqual([2, 0]);
    expect(add.output).toEqual({ width: 8, height: 8, depth: 4 });
    expect(add.flops).toBe(8 * 8 * 4);
    expect(a.layers[4]!.node.inputs).toEqual([3]);
  });
  it('BN has 2*D parameters and 2*D buffers, reported apart', () => {
    const bn = analysisOf('INPUT [8x8x16] => BN').layers[1]!;
    expect([bn.params, bn.buffers, bn.macs, bn.flops]).toEqual([32, 32, 0, 8 * 8 * 16 * 2]);
    expect(analysisOf('INPUT [8x8x16] => BATCHNORM').totals.buffers).toBe(32);
  });
  it('grouped convolution: weights f*f*(D/g)*k, MACs per position f*f*(D/g)*k', () => {
    const l = analysisOf('INPUT [8x8x8] => CONV(f=3, k=16, g=4)').layers[1]!;
    expect([l.weights, l.biases, l.macs]).toEqual([3 * 3 * 2 * 16, 16, 8 * 8 * 3 * 3 * 2 * 16]);
  });
  it('dilation: the window spans d*(f-1)+1 and the default padding keeps the size', () => {
    const a = analysisOf('INPUT [16x16x1] => CONV(f=3, k=1, d=2) => CONV(f=3, k=1, d=2, p=0)');
    expect(a.layers[1]!.layer.args).toMatchObject({ ph: 2, pw: 2 });
    expect(a.layers[1]!.output.width).toBe(16);
    expect(a.layers[2]!.output.width).toBe(16 - 5 + 1);
    expect(a.layers[2]!.receptiveField).toEqual({ size: 1 + 4 + 4, stride: 1 });
  });
  it('bias=no drops the biases', () => {
    expect(analysisOf('INPUT [8x8x3] => CONV(f=3, k=8, bias=no)').totals.biases).toBe(0);
  });
  it('round=ceil as PyTorch: 112 -> 56 and 14 -> 7 with 3x3/2; global and GAP give 1x1xD', () => {
    expect(analysisOf('INPUT [112x112x1] => POOL(f=3, s=2, round=ceil)').layers[1]!.output.width).toBe(56); // ceil(109/2)+1
    expect(analysisOf('INPUT [112x112x1] => POOL(f=3, s=2)').layers[1]!.output.width).toBe(55); // floor(109/2)+1
    expect(analysisOf('INPUT [14x14x1] => POOL(f=3, s=2, round=ceil)').layers[1]!.output.width).toBe(7); // 13/2 -> 7, +1 = 8 starts at 14 >= 14: dropped
    expect(analysisOf('INPUT [7x5x9] => POOL(mode=avg, global)').layers[1]!.output).toEqual({ width: 1, height: 1, depth: 9 });
    expect(analysisOf('INPUT [7x7x9] => GAP').layers[1]!.layer.args).toMatchObject({ mode: 'avg', global: true });
  });
  it('parameterised blocks take their arguments where they are used', () => {
    const a = analysisOf('let blk(c, s) = CONV(f=3, k=c, s=s) => RELU\nINPUT [16x16x3] => blk(8, 1) => blk(16, 2)');
    expect(a.layers.map((l) => [l.output.width, l.output.depth])).toEqual([[16, 3], [16, 8], [16, 8], [8, 16], [8, 16]]);
    expect(compile('let blk(c) = CONV3-c\nINPUT [8x8x1] => blk(2)*3').analysis!.totals.layers).toBe(3);
  });
});

describe('receptive fields through branches, by hand', () => {
  it('a residual block: the conv path sees 3 then 5, the shortcut 1; the merge takes the larger', () => {
    const a = analysisOf('INPUT [8x8x4] => { CONV3-4 => CONV3-4 + ID }');
    expect(a.layers.map((l) => l.receptiveField)).toEqual([
      { size: 1, stride: 1 },
      { size: 3, stride: 1 },
      { size: 5, stride: 1 },
      { size: 5, stride: 1 },
    ]);
  });
  it('a downsampling block: 3x3/2 gives r=3, j=2, then r = 3 + 2*2 = 7; the 1x1/2 shortcut r=1, j=2', () => {
    const merge = analysisOf('INPUT [8x8x4] => { CONV(f=3, k=8, s=2) => CONV3-8 + CONV(f=1, k=8, s=2) }').layers.at(-1)!;
    expect(merge.receptiveField).toEqual({ size: 7, stride: 2 });
  });
  it('branches whose effective strides differ are reported', () => {
    // 8 -> (8-1)/4+1 = 2 with stride 4; 8 -> (8-5)/3+1 = 2 with stride 3.
    const merge = analysisOf('INPUT [8x8x1] => { CONV(f=1, k=1, s=4) | CONV(f=5, k=1, s=3, p=0) }').layers.at(-1)!;
    expect(merge.receptiveField).toEqual({ size: 5, stride: 4, strideConflict: [4, 3] });
  });
});

describe('errors', () => {
  it('concatenated branches whose W x H differ: points at the odd branch', () => {
    const e = first('INPUT [8x8x1] => { CONV3-2 | POOL2 }');
    expect(e).toMatchObject({ code: 'branch-mismatch', line: 1, column: 30 });
    expect(e.message).toBe('the branches of a concatenation must give the same W x H; they give 8x8, 4x4');
  });
  it('added branches whose shapes differ', () => {
    expect(first('INPUT [8x8x4] => { CONV3-8 + ID }')).toMatchObject({ code: 'branch-mismatch', line: 1, column: 30 });
  });
  it('groups that do not divide the depths', () => {
    const e = first('INPUT [8x8x6] => CONV(f=3, k=8, g=4)');
    expect(e).toMatchObject({ code: 'bad-argument', line: 1, column: 18 });
    expect(e.message).toContain('groups g=4 must divide both the input depth 6 and the filter count k=8');
  });
  it('mixed separators in one brace', () => {
    expect(first('INPUT [8x8x4] => { CONV3-4 | ID + ID }')).toMatchObject({ code: 'syntax', line: 1, column: 33 }); // the '+' after '| ID'
  });
  it('wrong argument counts for a block, and arguments to a plain binding', () => {
    expect(first('let blk(a, b) = CONV3-a\nINPUT [8x8x1] => blk(2)')).toMatchObject({ code: 'bad-argument', line: 2, column: 18, message: "'blk' takes 2 arguments (a, b), got 1" });
    expect(first('let blk = RELU\nINPUT [8x8x1] => blk(2)')).toMatchObject({ code: 'bad-argument', line: 2, column: 18 });
    expect(first('let blk(a) = CONV3-a\nINPUT [8x8x1] => blk')).toMatchObject({ code: 'bad-argument', line: 2, column: 18 });
  });
});
