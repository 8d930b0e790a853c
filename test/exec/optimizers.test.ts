// One (and two) optimizer steps by hand, PyTorch's update rules and defaults written out.

import { describe, expect, it } from 'vitest';
import { Tracker } from '../../src/exec/memory.js';
import { createOptimizer, type OptimizerName } from '../../src/exec/optim/optimizers.js';

function steps(name: OptimizerName, grads: number[][], w0 = 1, lr?: number): { w: number; state: number } {
  const tracker = new Tracker();
  const opt = createOptimizer(name, tracker, lr);
  const p = { data: new Float32Array([w0]), grad: new Float32Array(1) };
  for (const g of grads) {
    p.grad[0] = g[0]!;
    opt.step([p]);
  }
  return { w: p.data[0]!, state: tracker.liveOf('optimizerState') };
}

describe('optimizer steps', () => {
  it('sgd: w - lr g', () => {
    expect(steps('sgd', [[0.5]]).w).toBeCloseTo(1 - 0.01 * 0.5, 7);
    expect(steps('sgd', [[0.5]]).state).toBe(0);
  });
  it('momentum: the buffer starts at g, then mu b + g', () => {
    // step 1: b = 0.5, w = 1 - 0.005 = 0.995; step 2: b = 0.9*0.5 + 0.2 = 0.65, w = 0.995 - 0.0065
    expect(steps('momentum', [[0.5], [0.2]]).w).toBeCloseTo(0.9885, 6);
    expect(steps('momentum', [[0.5]]).state).toBe(4);
  });
  it('nesterov: w - lr (g + mu b)', () => {
    // step 1: b = 0.5, w = 1 - 0.01*(0.5 + 0.45) = 0.9905
    expect(steps('nesterov', [[0.5]]).w).toBeCloseTo(0.9905, 6);
  });
  it('adam: the first step moves each weight by lr (bias-corrected m / sqrt(v) = sign g)', () => {
    // m = 0.1*0.5 = 0.05, v = 0.001*0.25; m/(1-0.9) = 0.5, v/(1-0.999) = 0.25: 0.5/(0.5 + 1e-8)
    expect(steps('adam', [[0.5]]).w).toBeCloseTo(1 - 0.001 * (0.5 / (0.5 + 1e-8)), 7);
    expect(steps('adam', [[0.5]]).state).toBe(8);
  });
  it('adamw: decay w (1 - lr wd) first', () => {
    expect(steps('adamw', [[0.5]]).w).toBeCloseTo(1 * (1 - 0.001 * 0.01) - 0.001, 7);
  });
  it('rmsprop: v = 0.01 g^2, w - lr g / (sqrt v + eps)', () => {
    // v = 0.01*0.25 = 0.0025, sqrt = 0.05: w = 1 - 0.01*0.5/0.05 = 0.9
    expect(steps('rmsprop', [[0.5]]).w).toBeCloseTo(0.9, 5);
  });
  it('adagrad: s = g^2, w - lr g / sqrt(s)', () => {
    // s = 0.25: w = 1 - 0.01*0.5/0.5 = 0.99; step 2 with g = 0.5 again: s = 0.5, w -= 0.01*0.5/0.7071
    expect(steps('adagrad', [[0.5]]).w).toBeCloseTo(0.99, 6);
    expect(steps('adagrad', [[0.5], [0.5]]).w).toBeCloseTo(0.99 - 0.005 / Math.sqrt(0.5), 6);
  });
});
