// The solved largest batch against brute force: estimate every batch until one does not fit.
import { describe, expect, it } from 'vitest';
import { estimateBudget, evaluate } from '../../src/budget/estimate.js';
import { maxBatch } from '../../src/budget/max-batch.js';
import { buildModel, type ModelOptions } from '../../src/budget/moments.js';
import { analysisOf, example } from '../helpers.js';

const NETS = [
  'INPUT [4x4x1] => CONV(f=3, k=2) => RELU => POOL2 => FC-3',
  'INPUT [8x8x3] => CONV(k=8) => RELU => LRN => POOL(f=3, s=2) => FC-16 => RELU => DROPOUT => FC-4 => SOFTMAX',
  'INPUT [6x6x2] => { CONV(k=4) | POOL(f=3, s=1, p=1) } => CONV(f=1, k=3) => { CONV3-3 + ID } => GAP => FC-2',
];
const OPTIONS: ModelOptions[] = [
  { dtype: 'fp32', optimizer: 'adam', inference: false },
  { dtype: 'mixed', optimizer: 'momentum', inference: false, reserve: 1000 },
  { dtype: 'fp16', optimizer: 'sgd', inference: true, workspace: 'batch' },
];

function brute(source: string, options: ModelOptions, limit: number): number {
  const a = analysisOf(source);
  let b = 0;
  while (estimateBudget(a, { ...options, batch: b + 1 }).bytes.total <= limit) b++;
  return b;
}

describe('max batch', () => {
  for (const source of NETS) {
    for (const options of OPTIONS) {
      it(`${source.slice(0, 30)}... ${options.dtype} ${options.optimizer}${options.inference ? ' inference' : ''}`, () => {
        const model = buildModel(analysisOf(source), options);
        const one = evaluate(model, 1).bytes.total;
        for (const limit of [one - 1, one, one + 1, one + 777, 3 * one, 10 * one + 13, 50 * one]) {
          expect(maxBatch(model, limit).batch, `limit ${limit}`).toBe(brute(source, options, limit));
        }
      });
    }
  }
  it('VGG16 with Adam on 16 GiB: the answer fits and one more does not', () => {
    const model = buildModel(analysisOf(example('vgg16.cnn')), { dtype: 'fp32', optimizer: 'adam', inference: false, reserve: 2 ** 30 });
    const limit = 16 * 2 ** 30;
    const { batch } = maxBatch(model, limit);
    expect(batch).toBeGreaterThan(1);
    expect(evaluate(model, batch).bytes.total).toBeLessThanOrEqual(limit);
    expect(evaluate(model, batch + 1).bytes.total).toBeGreaterThan(limit);
  });

  it('a limit of 2^53 - 1 bytes: the largest batch is solved without overflowing at batch + 1', () => {
    const model = buildModel(analysisOf(example('lenet5.cnn')), { dtype: 'fp32', optimizer: 'sgd', inference: false });
    // At large batches the peak moment is fixed, so the total is affine there: read it off two batches
    // (far below 2^53) and solve total(b) <= 2^53 - 1 by hand, in BigInt.
    const [b1, b2] = [1_000_000, 2_000_000];
    const [t1, t2] = [BigInt(evaluate(model, b1).bytes.total), BigInt(evaluate(model, b2).bytes.total)];
    const perImage = (t2 - t1) / BigInt(b2 - b1);
    const fixed = t1 - BigInt(b1) * perImage;
    const expected = Number((BigInt(Number.MAX_SAFE_INTEGER) - fixed) / perImage);
    expect(maxBatch(model, Number.MAX_SAFE_INTEGER).batch).toBe(expected);
  });
});
