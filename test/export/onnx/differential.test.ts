// Differential test (fast-check, seeded): random small networks (test/exec/random-network.ts, every
// kind and its argument variants) and branch-heavy ones run through the executor and through
// onnxruntime-node on the ONNX export; every output agrees within 1e-4 of its size (harness.ts).
// Why 1e-4: both compute in float32 but sum in different orders (im2col + GEMM here, MLAS's blocked
// kernels and its own pooling, normalisation, resizing and activation approximations there); with
// He-initialised weights and inputs in [-1, 1] a value is O(1) and its rounding error a few float32
// epsilons (1.2e-7) times the terms summed (at most a few thousand here), about 1e-5; a wrong export
// (a window off by one, a wrong divisor, a transposed weight) moves values by 1e-2 and more.
// (Deep random networks amplify rounding: EfficientNetV2-S's 500 layers of random SE gates reach
// 6e-4 of its output's size, which is why examples.test.ts runs the smaller examples.)

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../../src/layers/index.js';
import { compileGenerated, randomNetwork } from '../../exec/random-network.js';
import { compareWithOnnxruntime } from './harness.js';

const TOLERANCE = 1e-4;

/** An unpooling after an upsampling: the upsampled neighbours in a pool's window are interpolations
 *  of the same values, equal up to rounding, which each engine does its own way, so the maximum
 *  UNPOOL puts back can be a different one. Unpooling is discontinuous there; the export is not
 *  wrong. Unpooling elsewhere is compared (exact ties, such as RELU's zeros, both break alike). */
const NEAR_TIES = /UPSAMPLE[^]*UNPOOL/;

/** The kinds the checked networks held. */
const seen = new Set<string>();

async function expectAgreement(text: string, batch: number, seed: number, opset?: number): Promise<void> {
  const analysis = compileGenerated(text);
  for (const l of analysis.layers) seen.add(l.layer.kind);
  const outputs = await compareWithOnnxruntime(analysis, batch, seed, opset);
  for (const o of outputs) {
    expect(o.dims.reduce((x, y) => x * y, 1), `${text}: ${o.name} size`).toBe(o.expectedDims.reduce((x, y) => x * y, 1));
    expect(o.difference, `${text}: ${o.name}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

describe('the ONNX export computes what the executor computes (onnxruntime-node)', () => {
  it('300 random networks of every kind', async () => {
    await fc.assert(
      fc.asyncProperty(randomNetwork, fc.integer({ min: 1, max: 3 }), fc.nat(100), (text, batch, seed) => {
        fc.pre(!NEAR_TIES.test(text));
        return expectAgreement(text, batch, seed);
      }),
      { numRuns: 300, seed: 20261201 },
    );
    expect([...seen].sort()).toEqual(Object.keys(LAYERS).sort());
  }, 60_000);

  // The shapes the random layers rarely make: branches, splits, products, side outputs, shared
  // weights, FC outputs meeting N,C,H,W layers.
  it.each([
    'INPUT [9x9x4] => CONV(k=6) => { CONV(f=1, k=2) | CONV(f=3, k=3) => RELU | POOL(f=3, s=1, p=1) } => { ID + TANH + CONV(f=1) } => GAP => FC-3',
    'INPUT [8x8x4] => { ID / CONV(f=1, k=3) => RELU } => { ID & GAP => CONV(f=1, k=2) => RELU => CONV(f=1, k=5) => SIGMOID }',
    'INPUT [8x8x3] => stem: CONV(f=1, k=4) => t: CONV(f=1, k=2) => RELU => CONV(f=3, k=3) => { ID | @t } => GAP => FC-3\n@stem => GAP => FC-2',
    'let shared b = CONV(k=4) => RELU\nINPUT [7x7x4] => b => b => b => FC-4 => RELU => BN => FC-3',
    'INPUT [6x6x2] => FC-8 => { ID + RELU } => { FC-4 | FC-3 } => SOFTMAX',
    'INPUT [6x6x2] => FC-8 => BN => DROPOUT(0.3) => FC-3',
    'INPUT [5x5x3] => GAP => { ID & SIGMOID } => LRN(size=4) => LN => UPSAMPLE(s=2)',
  ])('%s', async (text) => expectAgreement(text, 2, 5));

  it('every opset from 13 to 21 (ReduceMax takes its axes as an input from 18 on)', async () => {
    for (let opset = 13; opset <= 21; opset++) {
      await expectAgreement('INPUT [7x5x2] => CONV(k=3) => POOL(out=3) => POOL(mode=avg, outh=2, outw=3) => HSIGMOID => FC-2', 2, opset, opset);
    }
  });
});

