// cnncalc verify's work on the example networks, in-process: every prediction matches the run at
// inference, and the small networks also through a training step with each optimizer. (VGG16 and
// the other 224x224 networks take seconds to minutes: bench/exec.mjs and the report cover them.)

import { describe, expect, it } from 'vitest';
import { backward } from '../../src/exec/backward.js';
import { buildNetwork } from '../../src/exec/build.js';
import { forward } from '../../src/exec/forward.js';
import { Tracker } from '../../src/exec/memory.js';
import { createOptimizer, OPTIMIZER_NAMES } from '../../src/exec/optim/optimizers.js';
import { createRandom, fillUniform } from '../../src/exec/random.js';
import { verifyAnalysis, type VerifyReport } from '../../src/exec/verify.js';
import { analysisOf, example } from '../helpers.js';

function failures(r: VerifyReport): string[] {
  return [
    ...r.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k, v]) => `${l.id} ${l.text} ${k}: ${JSON.stringify(v)}`)),
    ...r.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${JSON.stringify(m)}`),
  ];
}

describe('verify on the examples', () => {
  it.each(['lenet5.cnn', 'cifar10.cnn', 'pattern.cnn', 'alexnet.cnn', 'zfnet.cnn'])('%s at inference, batch 1', (file) => {
    const r = verifyAnalysis(analysisOf(example(file)), { batch: 1, seed: 7, train: false, optimizer: 'sgd' });
    expect(failures(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it.each(['lenet5.cnn', 'cifar10.cnn', 'pattern.cnn'])('%s through a training step with every optimizer', (file) => {
    const analysis = analysisOf(example(file));
    for (const optimizer of OPTIMIZER_NAMES) {
      const r = verifyAnalysis(analysis, { batch: 3, seed: 1, train: true, optimizer });
      expect(failures(r)).toEqual([]);
      expect(Number.isFinite(r.loss)).toBe(true);
    }
  });

  it('a residual network with BN, branches and GAP through a training step', () => {
    const source = [
      'let block(c) = { CONV(f=3, k=c, bias=no) => BN => RELU => CONV(f=3, k=c, bias=no) => BN + ID } => RELU',
      'INPUT [16x16x3] => CONV(k=8, bias=no) => BN => RELU => block(8) => { CONV(f=1, k=4) | CONV(k=4) => RELU | POOL(f=3, s=1, p=1) } => GAP => FC-5',
    ].join('\n');
    const r = verifyAnalysis(analysisOf(source), { batch: 2, seed: 3, train: true, optimizer: 'momentum' });
    expect(failures(r)).toEqual([]);
  });

  it('a training step lowers the loss on the same batch (the gradients point downhill)', () => {
    const analysis = analysisOf(example('cifar10.cnn'));
    const tracker = new Tracker();
    const net = buildNetwork(analysis, tracker, createRandom(2));
    const input = new Float32Array(4 * 3 * 32 * 32);
    fillUniform(input, createRandom(3), -1, 1);
    const target = new Float32Array(4 * 10);
    fillUniform(target, createRandom(4), 0, 1);
    const run = () => forward(net, input, 4, { train: true, tracker: new Tracker(), random: createRandom(5) });
    const before = backward(run(), target).loss;
    const params = net.layers.flatMap((l) => l.params.filter((p) => p.trainable)).map((p) => ({ data: p.data, grad: p.grad! }));
    createOptimizer('sgd', tracker, 1e-4).step(params);
    params.forEach((p) => p.grad.fill(0));
    const after = backward(run(), target).loss;
    expect(after).toBeLessThan(before);
  });
});
