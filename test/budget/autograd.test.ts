// The autograd plan (which layers are differentiated, which RELUs run in place) on small networks
// worked out by hand, and the budget figures that follow from it, in arithmetic written out here.
import { describe, expect, it } from 'vitest';
import { planTraining } from '../../src/training/plan.js';
import { estimateBudget } from '../../src/budget/estimate.js';
import { analysisOf } from '../helpers.js';

const plan = (source: string, training = true) => planTraining(analysisOf(source).layers, { training });
const T = true;
const F = false;

describe('planTraining', () => {
  it('differentiates from the first layer with trainable parameters on', () => {
    // POOL and RELU come before FC: nothing upstream trains, so no gradient reaches them
    const p = plan('INPUT [4x4x1] => POOL2 => RELU => FC-2');
    expect(p.differentiated).toEqual([F, F, F, T]);
    expect(p.inPlace).toEqual([F, F, T, F]);
    expect(p.owner).toEqual([0, 1, 1, 3]);
    expect(plan('INPUT [4x4x1] => POOL2 => RELU => FC-2', false).differentiated).toEqual([F, F, F, F]);
    expect(plan('INPUT [2x2x1] => BN => POOL2').differentiated).toEqual([F, T, T]);
  });

  it('runs a RELU after TANH, SIGMOID, SOFTMAX or POOL l2 out of place in training only', () => {
    // their backward reads their own output, which an in-place RELU would overwrite
    for (const layer of ['TANH', 'SIGMOID', 'SOFTMAX', 'POOL(f=1, mode=l2)']) {
      const source = `INPUT [1x1x2] => FC-3 => ${layer} => RELU`;
      expect(plan(source).inPlace).toEqual([F, F, F, F]);
      expect(plan(source).owner).toEqual([0, 1, 2, 3]);
      expect(plan(source, false).inPlace).toEqual([F, F, F, T]); // no backward at inference
    }
    // the same layers before anything trains are not differentiated: nothing reads their output later
    expect(plan('INPUT [1x1x2] => TANH => RELU => FC-3').inPlace).toEqual([F, F, T, F]);
    // max pooling's backward reads its input and indices, not its output
    expect(plan('INPUT [2x2x1] => CONV(f=1, k=1) => POOL2 => RELU').inPlace).toEqual([F, F, F, T]);
  });

  it('runs a RELU after a RELU out of place: relu saves its output, and PyTorch refuses an in-place write over it at backward', () => {
    // FC's backward does not read its output, so the first RELU writes over it; the second does not
    expect(plan('INPUT [1x1x2] => FC-3 => RELU => RELU').owner).toEqual([0, 1, 1, 3]);
    // after SIGMOID (whose backward reads its output) neither RELU writes over its input
    expect(plan('INPUT [1x1x2] => FC-3 => SIGMOID => RELU => RELU').owner).toEqual([0, 1, 2, 3, 4]);
  });

  it('never runs a RELU in place on a fan-out (residual skip, concatenation with ID)', () => {
    for (const training of [true, false]) {
      expect(plan('INPUT [1x1x2] => FC-3 => { RELU + ID }', training).inPlace).toEqual([F, F, F, F]);
      expect(plan('INPUT [1x1x2] => { ID | RELU }', training).inPlace).toEqual([F, F, F]);
    }
    // after the merge, one reader again
    expect(plan('INPUT [1x1x2] => FC-3 => { RELU + ID } => RELU').inPlace).toEqual([F, F, F, F, T]);
  });

  it('INPUT => RELU: in place over the input batch, not differentiated', () => {
    const p = plan('INPUT [1x1x1] => RELU');
    expect(p).toEqual({ differentiated: [F, F], inPlace: [F, T], kept: [[], []], owner: [0, 0], reads: [[], [0]] });
  });
});

describe('budget figures that follow from the plan', () => {
  it('TANH => RELU keeps two buffers: the tanh output and the relu output', () => {
    const e = estimateBudget(analysisOf('INPUT [1x1x2] => FC-3 => TANH => RELU'), { batch: 5, dtype: 'fp32', optimizer: 'sgd', inference: false });
    expect(e.bytes.activations).toBe((3 + 3) * 4 * 5); // FC's input is the input batch, its own term
  });

  it('a RELU on a fan-out has its own buffer at inference: the addition reads three buffers', () => {
    const e = estimateBudget(analysisOf('INPUT [1x1x2] => FC-3 => { RELU + ID }'), { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: true });
    const parameters = (2 * 3 + 3) * 4; // 36
    const input = 2 * 4;
    // moments: FC writes 3; RELU reads 3 and writes 3; the addition reads both and writes 3
    expect(e.bytes.total).toBe(parameters + input + Math.max(3, 3 + 3, 3 + 3 + 3) * 4); // 80
    expect(e.peak).toMatchObject({ phase: 'inference', layer: 3 });
    const trained = estimateBudget(analysisOf('INPUT [1x1x2] => FC-3 => { RELU + ID }'), { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false });
    expect(trained.bytes.activations).toBe(3 * 4); // the RELU's output only
  });

  it('layers before the first FC save nothing and get no gradient buffers (sgd, batch 2)', () => {
    // 4x4x1 -> POOL2 (2x2x1 = 4, no indices kept: not differentiated) -> RELU (in place) -> FC-2
    const e = estimateBudget(analysisOf('INPUT [4x4x1] => POOL2 => RELU => FC-2'), { batch: 2, dtype: 'fp32', optimizer: 'sgd', inference: false });
    const P = 4 * 2 + 2; // 10
    expect(e.bytes.activations).toBe(4 * 4 * 2); // FC's input, the pool buffer: 32
    // FC's output gradient only (its input needs none), and its weight-gradient temporary
    expect(e.bytes.backwardPeak).toBe(2 * 4 * 2 + P * 4); // 56
    const persistent = P * 4 + P * 4 + 4 * 4 * 1 * 4 * 2; // parameters, gradients, input: 208
    const moments = {
      forwardPool: 4 * 4 * 2, // its output is FC's saved input, created here
      forwardRelu: 4 * 4 * 2,
      forwardFc: (4 + 2) * 4 * 2, // plus FC's output, kept by nobody
      backwardFc: 4 * 4 * 2 + 2 * 4 * 2 + P * 4, // 88
    };
    expect(e.bytes.total).toBe(persistent + Math.max(...Object.values(moments)));
    expect(e.bytes.total).toBe(296);
    expect(e.peak).toMatchObject({ phase: 'backward', layer: 3 });
    expect(e.model.moments.filter((m) => m.phase === 'backward').map((m) => m.layer)).toEqual([3]);
  });

  it('INPUT [1x1x1] => RELU: nothing saved, nothing differentiated; the input batch is its own term', () => {
    const e = estimateBudget(analysisOf('INPUT [1x1x1] => RELU'), { batch: 3, dtype: 'fp32', optimizer: 'adam', inference: false });
    expect(e.bytes.activations).toBe(0);
    expect(e.bytes.backwardPeak).toBe(0);
    expect(e.bytes.input).toBe(1 * 4 * 3);
    expect(e.bytes.total).toBe(12);
  });
});
