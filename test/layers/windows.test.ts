// Notation version 3's non-square windows (fh/fw, sh/sw, ph/pw) and adaptive pooling (out=, outh=,
// outw=): shapes, parameters, MACs, element ops and receptive fields by hand arithmetic and
// against PyTorch (test/reference/windows/pytorch.json, bench/torchvision/windows.py); the argument errors;
// and the square windows' JSON arguments as version 2 wrote them.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/layers/index.js';
import { analysisOf, errorsOf, REFERENCE } from '../helpers.js';

const reference = JSON.parse(readFileSync(`${REFERENCE}windows/pytorch.json`, 'utf8')) as {
  mixed_6b: { params: number; buffers: number; output: number[]; conv_macs: number; conv_weights: number[][] };
};

// inception_v3's Mixed_6b (torchvision InceptionC(768, channels_7x7=128)), BasicConv2d = conv without
// bias, BN, ReLU; its pool branch is F.avg_pool2d(x, 3, stride=1, padding=1)
const MIXED_6B = `let bc(h, w, k) = CONV(fh=h, fw=w, k=k, bias=no) => BN => RELU
INPUT [17x17x768] => {
    bc(1, 1, 192)
  | bc(1, 1, 128) => bc(1, 7, 128) => bc(7, 1, 192)
  | bc(1, 1, 128) => bc(7, 1, 128) => bc(1, 7, 128) => bc(7, 1, 128) => bc(1, 7, 192)
  | POOL(f=3, s=1, p=1, mode=avg) => bc(1, 1, 192)
}`;

describe('non-square convolutions', () => {
  it("torch's Conv2d(768, 128, (1, 7), padding=(0, 3)): 768*128*7 weights, 17x17 kept", () => {
    const l = analysisOf('INPUT [17x17x768] => CONV(fh=1, fw=7, k=128)').layers[1]!;
    expect(l.output).toEqual({ width: 17, height: 17, depth: 128 });
    expect(l.weights).toBe(768 * 128 * 7); // 688,128
    expect(l.biases).toBe(128);
    expect(l.macs).toBe(17 * 17 * 128 * 7 * 768); // 198,868,992
    // default padding per side floor((f_side - 1)/2): (0, 3), so each side keeps 17
    expect(LAYERS.conv.windows!(l.layer.args as never, l.input)).toMatchObject({ height: { f: 1, p: 0 }, width: { f: 7, p: 3 } });
    // weight [k, D/g, fh, fw] as torch holds it
    expect(LAYERS.conv.parameters(l.layer.args as never, l.input, l.output)[0]!.shape).toEqual([128, 768, 1, 7]);
    // im2col columns [fh*fw*D x outW*outH]
    expect(LAYERS.conv.workspace(l.layer.args as never, l.input, l.output)).toBe(7 * 768 * 17 * 17);
    // width x height, as shapes and the kernel column read, in the name and the notes' formula
    expect(LAYERS.conv.notesName(l.layer.args as never)).toBe('CONV7x1-128');
    expect(LAYERS.conv.weightsFormula(l.layer.args as never, l.input, l.output)).toBe('(7*1*768)*128');
  });

  it('per-side strides and paddings: floor((W - fw + 2pw)/sw) + 1 along each side', () => {
    // width: floor((20 - 3 + 2*1)/2) + 1 = 10; height: floor((11 - 5 + 2*0)/1) + 1 = 7
    const l = analysisOf('INPUT [20x11x4] => CONV(fh=5, fw=3, sh=1, sw=2, ph=0, pw=1, k=6, g=2)').layers[1]!;
    expect(l.output).toEqual({ width: 10, height: 7, depth: 6 });
    expect(l.weights).toBe(5 * 3 * (4 / 2) * 6);
    expect(l.macs).toBe(10 * 7 * 6 * 5 * 3 * 2);
  });

  it('LOCAL: W\'*H\'*k*fh*fw*D unshared weights', () => {
    // fh=1, fw=3 with default padding (0, 1) keeps 6x5
    const l = analysisOf('INPUT [6x5x2] => LOCAL(fh=1, fw=3, k=4)').layers[1]!;
    expect(l.output).toEqual({ width: 6, height: 5, depth: 4 });
    expect(l.weights).toBe(6 * 5 * 4 * 1 * 3 * 2);
    expect(l.biases).toBe(6 * 5 * 4);
    expect(LAYERS.local.notesName(l.layer.args as never)).toBe('LOCAL3x1-4');
  });

  it("Mixed_6b has torchvision's parameters, buffers and convolution MACs", () => {
    const a = analysisOf(MIXED_6B);
    const out = a.layers[a.network.output]!.output;
    expect([1, out.depth, out.height, out.width]).toEqual(reference.mixed_6b.output);
    // weights: 768*192 + 768*128 + 128*128*7 + 128*192*7 + 768*128 + 3*128*128*7 + 128*192*7 + 768*192
    const weights = 2 * 768 * 192 + 2 * 768 * 128 + 4 * 128 * 128 * 7 + 2 * 128 * 192 * 7;
    expect(weights).toBe(1_294_336);
    // BN: 2 per channel of its ten convolutions (192+128+128+192+128+128+128+128+192+192 = 1536)
    expect(a.totals.params).toBe(weights + 2 * 1536);
    expect(a.totals.params).toBe(reference.mixed_6b.params);
    expect(a.layers.reduce((s, l) => s + l.buffers, 0)).toBe(reference.mixed_6b.buffers);
    // every convolution keeps 17x17: MACs = 289 * weights
    expect(a.totals.macs).toBe(289 * weights);
    expect(a.totals.macs).toBe(reference.mixed_6b.conv_macs);
  });

  it('the receptive field grows by the larger side (layers/field.ts windowStep)', () => {
    const a = analysisOf('INPUT [17x17x8] => CONV(fh=1, fw=7, k=8) => CONV(fh=7, fw=1, sh=2, k=8)');
    expect(a.layers[1]!.receptiveField).toEqual({ size: 7, stride: 1 });
    // 7 + (7 - 1)*1, jump 1*2 (the height's stride: its window is the larger)
    expect(a.layers[2]!.receptiveField).toEqual({ size: 13, stride: 2 });
  });
});

describe('adaptive pooling', () => {
  it('gives out x out whatever the input, with the window sizes torch uses', () => {
    // 17 -> 7: windows [floor(17i/7), ceil(17(i+1)/7)): [0,3) [2,5) [4,8) [7,10) [9,13) [12,15) [14,17)
    const l = analysisOf('INPUT [17x17x4] => POOL(mode=avg, out=7)').layers[1]!;
    expect(l.output).toEqual({ width: 7, height: 7, depth: 4 });
    const sizes = 3 + 3 + 4 + 3 + 4 + 3 + 3; // 23 inputs per side, counted once per window
    // avg: one add per input but the first and a divide = the window's size, per output
    expect(l.flops).toBe(4 * sizes * sizes);
    // receptive field: the largest window (4) and ceil(17/7) = 3 as the jump
    expect(l.receptiveField).toEqual({ size: 4, stride: 3 });
    expect(l.fits.every((f) => f.clean)).toBe(true);
  });

  it('max counts one comparison less per window; outh and outw set one side each', () => {
    // height 5 -> 2: [0,3) [2,5), 6 inputs; width 7 -> 3: [0,3) [2,5) [4,7), 9 inputs
    const l = analysisOf('INPUT [7x5x2] => POOL(mode=max, outh=2, outw=3)').layers[1]!;
    expect(l.output).toEqual({ width: 3, height: 2, depth: 2 });
    expect(l.flops).toBe(2 * (6 * 9 - 2 * 3));
  });

  it('a side without its own out keeps its size, as torch\'s None', () => {
    expect(analysisOf('INPUT [9x6x3] => POOL(mode=avg, outh=2)').layers[1]!.output).toEqual({ width: 9, height: 2, depth: 3 });
  });

  it('on a smaller input its windows repeat inputs (3 -> 4: [0,1) [0,2) [1,3) [2,3))', () => {
    const l = analysisOf('INPUT [3x3x1] => POOL(mode=avg, out=4)').layers[1]!;
    expect(l.output).toEqual({ width: 4, height: 4, depth: 1 });
    expect(l.flops).toBe((1 + 2 + 2 + 1) ** 2);
    expect(l.receptiveField).toEqual({ size: 2, stride: 1 });
  });

  it('out=1 is global pooling in meaning: its output sees the whole input', () => {
    const l = analysisOf('INPUT [7x5x2] => POOL(mode=avg, out=1)').layers[1]!;
    expect(l.output).toEqual({ width: 1, height: 1, depth: 2 });
    expect(LAYERS.pool.traits(l.layer.args as never).collapsesSpace).toBe(true);
    expect(l.flops).toBe(analysisOf('INPUT [7x5x2] => GAP').layers[1]!.flops);
  });
});

describe('argument errors', () => {
  const first = (source: string) => {
    const [e] = errorsOf(source);
    return { code: e!.code, column: e!.column, message: e!.message, hint: e!.hint };
  };

  it('f with fh is a bad argument with a fix', () => {
    expect(first('INPUT [8x8x3] => CONV(f=7, fh=1, k=4)')).toEqual({
      code: 'bad-argument', column: 28, message: "CONV: 'f' sets both fh and fw; 'fh' cannot be given with it", hint: 'write fh=1, fw=7 without f',
    });
    // the shorthand's suffix sets f too
    expect(first('INPUT [8x8x3] => CONV3-4(fw=1)').hint).toBe('write fh=3, fw=1 without f');
    expect(first('INPUT [8x8x3] => POOL(s=2, sh=1)').message).toBe("POOL: 's' sets both sh and sw; 'sh' cannot be given with it");
    expect(first('INPUT [8x8x3] => LOCAL(p=1, ph=0, pw=0)').hint).toBe('remove p: ph and pw set the two sides');
  });

  it('adaptive pooling takes no window, and no l2', () => {
    expect(first('INPUT [8x8x3] => POOL(mode=avg, out=3, s=2)')).toMatchObject({ code: 'bad-argument', message: "POOL: with 'out' (adaptive pooling: output size, both sides), 's' has no effect" });
    expect(first('INPUT [8x8x3] => POOL(out=3, outh=2)').message).toBe("POOL: 'out' sets both outh and outw; 'outh' cannot be given with it");
    expect(first('INPUT [8x8x3] => POOL(global, out=2)').code).toBe('bad-argument');
    expect(first('INPUT [8x8x3] => POOL(mode=l2, out=2)').message).toMatch(/no adaptive l2 pooling/);
  });

  it('POOL padding at most half the window, per side', () => {
    expect(first('INPUT [8x8x3] => POOL(fh=3, fw=1, ph=2)').message).toMatch(/padding ph=2 is more than half the window height fh=3/);
    expect(first('INPUT [8x8x3] => POOL(fh=3, fw=1, pw=1)').message).toMatch(/padding pw=1 is more than half the window width fw=1/);
  });
});

describe('JSON arguments', () => {
  const args = (source: string) => {
    const l = analysisOf(source).layers[1]!;
    return LAYERS[l.layer.kind].argsJson!(l.layer.args as never);
  };
  it("a square window's are version 2's, in its order", () => {
    expect(Object.entries(args('INPUT [8x8x3] => CONV3-4'))).toEqual(Object.entries({ f: 3, k: 4, s: 1, p: 1, g: 1, d: 1, bias: true }));
    expect(Object.entries(args('INPUT [8x8x3] => POOL2'))).toEqual(Object.entries({ f: 2, s: 2, p: 0, mode: 'max', ceil: false, global: false }));
  });
  it('sides that differ are written each', () => {
    expect(args('INPUT [8x8x3] => CONV(fh=1, fw=7, k=4)')).toEqual({ fh: 1, fw: 7, k: 4, s: 1, ph: 0, pw: 3, g: 1, d: 1, bias: true });
    expect(args('INPUT [9x8x3] => POOL(mode=avg, out=3)')).toMatchObject({ out: 3, fh: 4, fw: 3, s: 3, p: 0, mode: 'avg' });
  });
});
