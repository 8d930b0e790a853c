// The executor runs the autograd plan (training/plan.ts): what it allocates on small networks, with the bytes
// worked out by hand here, and verify's exact match with the budget on each of them.
import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../src/exec/run.js';
import { runSession } from '../../src/exec/session.js';
import { verifyAnalysis } from '../../src/exec/verify.js';
import { analysisOf } from '../helpers.js';

const train = (source: string, batch: number) => runSession(analysisOf(source), { batch, seed: 7, train: true, optimizer: 'sgd' });

function verified(source: string, batch: number, training: boolean): boolean {
  const r = verifyAnalysis(analysisOf(source), { batch, seed: 3, train: training, optimizer: 'adam' });
  return r.ok;
}

describe('the executor follows the autograd plan', () => {
  it('no gradient and no saved indices before the first FC (POOL2 => RELU => FC-2, batch 2)', () => {
    const source = 'INPUT [4x4x1] => POOL2 => RELU => FC-2';
    const s = train(source, 2);
    expect(s.pass.plan.owner).toEqual([0, 1, 1, 3]); // RELU over the pool's output
    expect(s.savedBytes).toBe(2 * 2 * 1 * 4 * 2); // FC's input, 4 elements x 4 bytes x batch 2: 32
    expect(s.tracker.peakOf('saved')).toBe(0); // max pooling kept no indices
    // only FC's output gradient (2 x batch 2, written over the output); none for its input
    expect(s.tracker.peakOf('activationGradients')).toBe(2 * 4 * 2);
    expect(s.backward!.macs).toEqual([0, 0, 0, 2 * 4 * 2]); // FC's weight gradient: n x in x batch
    expect(verified(source, 2, true)).toBe(true);
  });

  it('TANH => RELU in training: two buffers kept (3 + 3 elements); at inference one', () => {
    const source = 'INPUT [1x1x2] => FC-3 => TANH => RELU';
    const s = train(source, 1);
    expect(s.pass.values[3]).not.toBe(s.pass.values[2]);
    expect(s.savedBytes).toBe((3 + 3) * 4);
    const inference = runSession(analysisOf(source), { batch: 1, seed: 7, train: false, optimizer: 'sgd' });
    expect(inference.pass.values[3]).toBe(inference.pass.values[2]);
    expect(verified(source, 3, true) && verified(source, 3, false)).toBe(true);
  });

  it('a RELU on a residual fan-out keeps the skip\'s values: FC-3 => { RELU + ID } by hand', () => {
    // W = [[1, 0], [0, 1], [1, 1]], b = 0, x = [1, -2]: z = [1, -2, -1], relu(z) = [1, 0, 0],
    // relu(z) + z = [2, -2, -1] (an in-place RELU would give relu(z) + relu(z) = [2, 0, 0])
    const source = 'INPUT [1x1x2] => FC-3 => { RELU + ID }';
    const weights = new Map([
      ['1.weight', { shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) }], // FC-3 is layer 1
      ['1.bias', { shape: [3], data: new Float32Array(3) }],
    ]);
    const r = runNetwork(analysisOf(source), { input: { shape: [1, 2, 1, 1], data: new Float32Array([1, -2]) }, weights, seed: 0 });
    expect(Array.from(r.data)).toEqual([2, -2, -1]);
    expect(verified(source, 2, true) && verified(source, 2, false)).toBe(true);
  });

  it('INPUT [1x1x1] => RELU: written over the input batch, nothing kept, no gradient', () => {
    const s = train('INPUT [1x1x1] => RELU', 3);
    expect(s.pass.plan.owner).toEqual([0, 0]);
    expect(s.savedBytes).toBe(0);
    expect(s.tracker.peakOf('activationGradients')).toBe(0);
    expect(verified('INPUT [1x1x1] => RELU', 3, true)).toBe(true);
  });

  it('dropout before the first trainable layer drops elements but keeps no mask', () => {
    const s = train('INPUT [2x2x1] => DROPOUT(0.5) => FC-1', 2);
    expect(s.tracker.peakOf('saved')).toBe(0);
    expect(s.savedBytes).toBe(2 * 2 * 1 * 4 * 2); // FC's input: the dropout output, 4 elements x batch 2
    expect(verified('INPUT [2x2x1] => DROPOUT(0.5) => FC-1', 2, true)).toBe(true);
  });
});
