// Every term of the budget by arithmetic written out here, for a network small enough to follow by
// hand, and VGG16's published parameter count turned into bytes.
import { describe, expect, it } from 'vitest';
import { estimateBudget } from '../../src/budget/estimate.js';
import { analysisOf, example } from '../helpers.js';

// 4x4x1 -> CONV(f=3, k=2) (p=1: 4x4x2 = 32; weights 3*3*1*2 = 18, biases 2) -> RELU (in place)
// -> POOL2 (2x2x2 = 8) -> FC-3 (weights 8*3 = 24, biases 3). P = 20 + 27 = 47.
const TINY = 'INPUT [4x4x1] => CONV(f=3, k=2) => RELU => POOL2 => FC-3';
const P = 47;

describe('a tiny network, fp32, adam, batch 2', () => {
  const e = estimateBudget(analysisOf(TINY), { batch: 2, dtype: 'fp32', optimizer: 'adam', inference: false });
  it('persistent terms', () => {
    expect(e.bytes.parameters).toBe(P * 4); // 188
    expect(e.bytes.gradients).toBe(P * 4);
    expect(e.bytes.optimizerState).toBe(P * 4 * 2); // exp_avg and exp_avg_sq
    expect(e.bytes.input).toBe(4 * 4 * 1 * 4 * 2); // 128
    expect(e.bytes.reserve).toBe(0);
  });
  it('activations kept for backward', () => {
    // CONV keeps its input: the input batch, its own term. RELU keeps its output: CONV's buffer, 32
    // elements, which POOL also keeps as its input (counted once). POOL keeps 8 int64 indices. FC keeps
    // its input: POOL's output, 8 elements.
    const perImage = 32 * 4 + 8 * 8 + 8 * 4; // 224
    expect(e.bytes.activations).toBe(perImage * 2);
  });
  it('workspace: one image of CONV im2col columns, [3*3*1 x 4*4]', () => {
    expect(e.bytes.workspace).toBe(3 * 3 * 1 * 4 * 4 * 4); // 576
  });
  it('backward peak: the largest set of gradient buffers', () => {
    const fc = (3 + 8) * 4 * 2 + 27 * 4; // output and input gradients, FC's weight-gradient temporary: 196
    const pool = (8 + 32) * 4 * 2; // 320
    const relu = (32 + 32) * 4 * 2; // a new buffer for its input gradient: 512
    const conv = 32 * 4 * 2 + 20 * 4; // no gradient for the input batch: 336
    expect(e.bytes.backwardPeak).toBe(Math.max(fc, pool, relu, conv));
  });
  it('optimizer temporaries: 2 copies of the largest parameter tensor (FC weights, 24)', () => {
    expect(e.bytes.optimizerTemporaries).toBe(2 * 24 * 4);
  });
  it('total: persistent state + input + the largest moment (backward through CONV)', () => {
    const persistent = 188 + 188 + 376 + 0 + 128;
    const moments = {
      forwardConv: 32 * 4 * 2 + 576, // RELU's saved buffer is created here + im2col
      forwardPool: (32 * 4 + 8 * 8 + 8 * 4) * 2,
      forwardFc: (32 * 4 + 8 * 8 + 8 * 4 + 3 * 4) * 2, // FC's output is kept by nobody
      backwardFc: (32 * 4 + 8 * 8 + 8 * 4) * 2 + (3 + 8) * 4 * 2 + 27 * 4,
      backwardPool: (32 * 4 + 8 * 8) * 2 + (8 + 32) * 4 * 2,
      backwardRelu: 32 * 4 * 2 + (32 + 32) * 4 * 2,
      backwardConv: 32 * 4 * 2 + 20 * 4 + 576, // nothing saved is left: CONV's input is the batch
      step: 2 * 24 * 4,
    };
    expect(e.bytes.total).toBe(persistent + Math.max(...Object.values(moments)));
    expect(e.bytes.total).toBe(1792);
    expect(e.peak).toMatchObject({ phase: 'backward', layer: 1 });
    const parts = Object.values(e.peak.parts).reduce((a, b) => a + b, 0);
    expect(parts).toBe(e.bytes.total);
  });
  it('names the layers holding the most', () => {
    expect(e.layers.map((l) => [l.id, l.parameters, l.activations])).toEqual([
      [1, 20 * 4, 32 * 4 * 2],
      [2, 0, 0],
      [3, 0, (8 * 8 + 8 * 4) * 2],
      [4, 27 * 4, 0],
    ]);
  });
});

describe('precision and optimizers', () => {
  const tiny = analysisOf(TINY);
  it('mixed: fp32 master + fp16 copy, fp32 gradients and state, fp16 activations', () => {
    const e = estimateBudget(tiny, { batch: 3, dtype: 'mixed', optimizer: 'adam', inference: false });
    expect(e.bytes.parameters).toBe(P * (4 + 2));
    expect(e.bytes.gradients).toBe(P * 4);
    expect(e.bytes.optimizerState).toBe(P * 4 * 2);
    expect(e.bytes.activations).toBe((32 * 2 + 8 * 8 + 8 * 2) * 3); // indices stay int64
    expect(e.bytes.input).toBe(16 * 2 * 3);
    expect(e.bytes.workspace).toBe(144 * 2);
  });
  it('fp16 and bf16: 2 bytes for everything but the indices', () => {
    for (const dtype of ['fp16', 'bf16'] as const) {
      const e = estimateBudget(tiny, { batch: 1, dtype, optimizer: 'momentum', inference: false });
      expect([e.bytes.parameters, e.bytes.gradients, e.bytes.optimizerState, e.bytes.activations]).toEqual([P * 2, P * 2, P * 2, 32 * 2 + 8 * 8 + 8 * 2]);
    }
  });
  it('state copies: sgd 0; momentum, nesterov, rmsprop, adagrad 1; adam, adamw 2', () => {
    const copies = { sgd: 0, momentum: 1, nesterov: 1, rmsprop: 1, adagrad: 1, adam: 2, adamw: 2 } as const;
    for (const [optimizer, n] of Object.entries(copies)) {
      const e = estimateBudget(tiny, { batch: 1, dtype: 'fp32', optimizer: optimizer as keyof typeof copies, inference: false });
      expect(e.bytes.optimizerState).toBe(P * 4 * n);
    }
  });
  it('indexBytes: the executor keeps 4-byte indices', () => {
    const e = estimateBudget(tiny, { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false, indexBytes: 4 });
    expect(e.bytes.activations).toBe(32 * 4 + 8 * 4 + 8 * 4);
  });
  it('workspace per batch multiplies the columns by the batch', () => {
    const e = estimateBudget(tiny, { batch: 5, dtype: 'fp32', optimizer: 'sgd', inference: false, workspace: 'batch' });
    expect(e.bytes.workspace).toBe(144 * 4 * 5);
  });
  it("dropout keeps a 1-byte mask; LRN keeps input and scale, and PyTorch's also padded squares and the power base", () => {
    const a = analysisOf('INPUT [2x2x3] => FC-10 => DROPOUT => FC-2');
    // FC-2 keeps DROPOUT's output (10), DROPOUT its mask (10 bytes); FC-10 keeps the input batch.
    expect(estimateBudget(a, { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false }).bytes.activations).toBe(10 * 4 + 10);
    const lrn = analysisOf('INPUT [2x2x4] => CONV(f=1, k=4) => LRN(size=5) => FC-2');
    // CONV's output (16) is LRN's input; scale 16; padded squares 2*2*(4+5-1) = 32; power base 16;
    // FC keeps LRN's output (16).
    const e = estimateBudget(lrn, { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false, saving: 'pytorch' });
    expect(e.bytes.activations).toBe((16 + 16 + 32 + 16 + 16) * 4);
    // the executor's saving rule (the default): input, scale, output.
    const executor = estimateBudget(lrn, { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false });
    expect(executor.bytes.activations).toBe((16 + 16 + 16) * 4);
  });
});

describe('inference', () => {
  it('keeps nothing for backward: the peak is one layer input and output plus its columns', () => {
    const e = estimateBudget(analysisOf(TINY), { batch: 2, dtype: 'fp32', optimizer: 'adam', inference: true });
    expect([e.bytes.gradients, e.bytes.optimizerState, e.bytes.activations, e.bytes.backwardPeak, e.bytes.optimizerTemporaries]).toEqual([0, 0, 0, 0, 0]);
    const conv = 32 * 4 * 2 + 576; // its input is the batch (its own term)
    const relu = 32 * 4 * 2; // in place
    const pool = (32 + 8) * 4 * 2;
    const fc = (8 + 3) * 4 * 2;
    expect(e.bytes.total).toBe(P * 4 + 16 * 4 * 2 + Math.max(conv, relu, pool, fc));
    expect(e.peak.phase).toBe('inference');
  });
});

describe('VGG16', () => {
  const vgg = analysisOf(example('vgg16.cnn'));
  it('parameters and gradients: 138,357,544 x 4 = 553,430,176 bytes; Adam twice that', () => {
    const e = estimateBudget(vgg, { batch: 1, dtype: 'fp32', optimizer: 'adam', inference: false });
    expect(e.bytes.parameters).toBe(553_430_176);
    expect(e.bytes.gradients).toBe(553_430_176);
    expect(e.bytes.optimizerState).toBe(2 * 553_430_176);
    expect(138_357_544 * 4).toBe(553_430_176);
  });
  it("workspace: conv1_2's columns, 3*3*64 x 224*224 floats per image", () => {
    const e = estimateBudget(vgg, { batch: 4, dtype: 'fp32', optimizer: 'sgd', inference: false });
    expect(e.bytes.workspace).toBe(3 * 3 * 64 * 224 * 224 * 4);
  });
  it("AlexNet conv1's columns are the notes' [363 x 3025]", () => {
    const alex = analysisOf('INPUT [227x227x3] => CONV(f=11, k=96, s=4, p=0)');
    const e = estimateBudget(alex, { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false });
    expect(e.bytes.workspace).toBe(363 * 3025 * 4);
  });
});

describe('figures that would not be exact', () => {
  it('throw FigureOverflow rather than print a wrong figure', () => {
    const vgg = analysisOf(example('vgg16.cnn'));
    expect(() => estimateBudget(vgg, { batch: 2 ** 40, dtype: 'fp32', optimizer: 'sgd', inference: false })).toThrow(/2\^53 - 1/);
  });
});

describe('BN and branches', () => {
  it("ResNet-50: gradients for its 25,557,032 parameters; BN's running statistics only in the parameters term", () => {
    // BN channels: stem 64; stage 1: 3 x (64 + 64 + 256) + 256 (projection) = 1,408; stage 2:
    // 4 x (128 + 128 + 512) + 512 = 3,584; stage 3: 6 x (256 + 256 + 1024) + 1024 = 10,240; stage 4:
    // 3 x (512 + 512 + 2048) + 2048 = 11,264; in all 26,560, each with a running mean and variance.
    const bnStatistics = 2 * (64 + 1_408 + 3_584 + 10_240 + 11_264);
    const e = estimateBudget(analysisOf(example('resnet50.cnn')), { batch: 2, dtype: 'fp32', optimizer: 'momentum', inference: false });
    expect(e.bytes.parameters).toBe((25_557_032 + bnStatistics) * 4);
    expect(e.bytes.gradients).toBe(25_557_032 * 4);
    expect(e.bytes.optimizerState).toBe(25_557_032 * 4);
    expect(e.bytes.total).toBeGreaterThan(e.bytes.parameters + e.bytes.gradients + e.bytes.optimizerState + e.bytes.input);
  });
  it('a residual add differentiates into both of its inputs', () => {
    // INPUT 2x2x1 -> CONV(f=1,k=1) [4] -> { CONV(f=1,k=1) [4] + ID } -> add [4]
    const a = analysisOf('INPUT [2x2x1] => CONV(f=1, k=1) => { CONV(f=1, k=1) + ID }');
    const e = estimateBudget(a, { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false, gradientTemporaries: false });
    // The add's backward: its output gradient (4) and one gradient per input (4 + 4).
    expect(e.bytes.backwardPeak).toBe((4 + 4 + 4) * 4);
  });
});
