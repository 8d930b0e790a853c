// The receptive field through UPSAMPLE and CONVT, which divide the jump (grammar/README.md, Receptive
// field), worked out by hand: r = r_prev + (taps-1)*j_prev and j = j_prev * in/out for a layer whose
// outputs each combine `taps` neighbouring inputs per side; a window f after it as always,
// r = r_prev + (f-1)*j_prev, an exact fraction where j_prev is one.

import { describe, expect, it } from 'vitest';
import { analysisOf, errorsOf } from '../helpers.js';

const fields = (source: string) => analysisOf(source).layers.map((l) => l.receptiveField);
const half = { numerator: 1, denominator: 2 };

describe('the receptive field through an upsampling', () => {
  it('nearest keeps the field and halves the jump; the windows after it step in half pixels', () => {
    expect(fields('INPUT [8x8x1] => UPSAMPLE => CONV3 => CONV(f=2)')).toEqual([
      { size: 1, stride: 1 },
      { size: 1, stride: half }, // each output copies one input
      { size: 2, stride: half }, // 1 + (3-1)*1/2: three outputs 1/2 apart span two inputs
      { size: { numerator: 5, denominator: 2 }, stride: half }, // 2 + (2-1)*1/2
    ]);
  });

  it('bilinear reads two neighbours per side, but leaves a side it does not resize as it is', () => {
    // CONV3 => POOL2: 3 (1), 4 (2); bilinear x2: 4 + (2-1)*2 = 6, jump 2/2 = 1
    expect(fields('INPUT [8x8x1] => CONV3 => POOL2 => UPSAMPLE(mode=bilinear)')[3]).toEqual({ size: 6, stride: 1 });
    expect(fields('INPUT [8x8x1] => CONV3 => UPSAMPLE(s=1, mode=bilinear)')[2]).toEqual({ size: 3, stride: 1 });
  });

  it("LR-ASPP's 33 -> 65 resize multiplies the jump by 33/65", () => {
    // five 3x3 stride-2 windows, 1025 -> 513 -> 257 -> 129 -> 65 -> 33: the field 1 + 2*(1+2+4+8+16) = 63,
    // jump 32; then 33x33 -> 65x65
    const source = 'INPUT [1025x1025x1] => [CONV(f=3, s=2, p=1)]*5 => UPSAMPLE(to=65, mode=bilinear)';
    const [, , , , , stage5, up] = fields(source);
    expect(stage5).toEqual({ size: 63, stride: 32 });
    expect(up).toEqual({ size: 63 + 32, stride: { numerator: 32 * 33, denominator: 65 } }); // 1056/65 in lowest terms (65 = 5*13)
  });
});

describe('the receptive field through a transposed convolution', () => {
  it("U-Net's up-path: CONVT(f=2, s=2) has each output take one input, so the 3x3 convs after it see the finer grid", () => {
    const source = 'INPUT [16x16x1] => CONV3 => CONV3 => POOL2 => CONV3 => CONV3 => CONVT(f=2, k=1, s=2) => CONV3 => CONV3';
    expect(fields(source).map((f) => [f!.size, f!.stride])).toEqual([
      [1, 1],
      [3, 1], // 1 + 2
      [5, 1],
      [6, 2], // 5 + 1*1, jump 2
      [10, 2], // 6 + 2*2
      [14, 2],
      [14, 1], // ceil(2/2) = 1 input per output: 14 + 0*2, jump 2/2
      [16, 1], // 14 + 2*1
      [18, 1],
    ]);
  });

  it('sums ceil(f/s) inputs per side: DCGAN\'s f=4, s=2 two, f=3, s=2 two, f=3, s=1 three', () => {
    expect(fields('INPUT [4x4x1] => CONVT(f=4, s=2, p=1)')[1]).toEqual({ size: 2, stride: half }); // 1 + (2-1)*1
    expect(fields('INPUT [4x4x1] => CONV3 => CONVT(f=3, s=2, p=1, op=1)')[2]).toEqual({ size: 4, stride: half }); // 3 + 1
    expect(fields('INPUT [4x4x1] => CONVT(f=3)')[1]).toEqual({ size: 3, stride: 1 }); // s=1: a convolution's field
  });

  it('a merge of branches on the same fractional grid keeps it; different grids are a stride conflict', () => {
    expect(fields('INPUT [4x4x1] => { UPSAMPLE | UPSAMPLE(mode=bilinear) }')[3]).toEqual({ size: 2, stride: half });
    // 5 -> CONV(f=3, s=2, p=0) -> 2 (field 3, jump 2) -> UPSAMPLE(to=5): jump 2*2/5 = 4/5, beside ID's 1
    const merge = fields('INPUT [5x5x1] => { ID | CONV(f=3, s=2, p=0) => UPSAMPLE(to=5) }')[3];
    expect(merge).toEqual({ size: 3, stride: 1, strideConflict: [1, { numerator: 4, denominator: 5 }] });
  });
});

describe('arguments UPSAMPLE and CONVT refuse', () => {
  const codes = (layer: string) => errorsOf(`INPUT [4x4x2] => ${layer}`).map((e) => [e.code, e.column]);

  it('a scale and a size together, an output padding not below the stride, groups that do not divide, an empty output', () => {
    expect(codes('UPSAMPLE(s=2, to=9)')).toEqual([['bad-argument', 18]]);
    expect(codes('CONVT(f=2, s=2, op=2)')).toEqual([['bad-argument', 18]]); // PyTorch: output padding must be smaller than stride
    expect(codes('CONVT(f=2, k=3, g=2)')).toEqual([['bad-argument', 18]]);
    expect(codes('CONVT(f=1, p=2)')).toEqual([['bad-argument', 18]]); // (4-1)*1 - 2*2 + 1 + 0 = 0
    expect(codes('CONVT(f=1, p=1)')).toEqual([]); // 3 - 2 + 1 = 2
  });

  it('shapes as PyTorch gives them: (W-1)*s - 2p + f + op, and s*W or the size given', () => {
    const out = (layer: string) => analysisOf(`INPUT [5x3x2] => ${layer}`).layers[1]!.output;
    expect(out('CONVT(f=3, k=4, s=2, p=1, op=1)')).toEqual({ width: 4 * 2 - 2 + 3 + 1, height: 2 * 2 - 2 + 3 + 1, depth: 4 });
    expect(out('UPSAMPLE(s=3)')).toEqual({ width: 15, height: 9, depth: 2 });
    expect(out('UPSAMPLE(tow=7)')).toEqual({ width: 7, height: 3, depth: 2 }); // a side not given keeps its size
  });
});
