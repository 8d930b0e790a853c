// UNPOOL in the budget: the executor finds the pool's maxima again from the pool's input and keeps
// int32 positions of its own; PyTorch's MaxUnpool2d reads the int64 indices MaxPool2d returned, which
// live from the pool on, and not the pool's input. Figures written out by hand for one small network.

import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/budget/moments.js';
import { RUNTIMES, runtimeOptions } from '../../src/budget/runtimes.js';
import { analysisOf } from '../helpers.js';

// CONV gives 4x4x2 (32 elements), the pool's input; POOL2 gives 2x2x2 (8); RELU runs in place on it;
// UNPOOL gives 4x4x2 (32) again; FC reads it
const NET = 'INPUT [4x4x1] => CONV(f=1, k=2) => p: POOL2 => RELU => UNPOOL(@p) => FC-3';
const model = (runtime: keyof typeof RUNTIMES, inference: boolean) =>
  buildModel(analysisOf(NET), { dtype: 'fp32', optimizer: 'sgd', inference, ...runtimeOptions(RUNTIMES[runtime]) });

describe('UNPOOL in the budget', () => {
  it("training under PyTorch: the pool's indices are one tensor, which the pool and the unpooling keep", () => {
    const saved = model('pytorch-cpu', false).saved.map((e) => [e.key, e.bytes]);
    // POOL: its input (32 x 4) and 8 int64 indices; RELU its output (8 x 4); FC its input (32 x 4)
    expect(saved).toEqual([['buffer 1', 128], ['indices 2', 64], ['buffer 2', 32], ['buffer 4', 128]]);
  });

  it('training in the executor: the unpooling keeps int32 positions of its own', () => {
    const saved = model('cnncalc', false).saved.map((e) => [e.key, e.bytes]);
    expect(saved).toEqual([['buffer 1', 128], ['indices 2', 32], ['buffer 2', 32], ['indices 4', 32], ['buffer 4', 128]]);
  });

  it("inference under PyTorch: the indices live from the pool to the unpooling; the pool's input does not", () => {
    const m = model('pytorch-cpu', true).moments;
    // forward moments 1..5 (CONV, POOL, RELU, UNPOOL, FC): 8 indices x 8 bytes at POOL, RELU, UNPOOL
    expect(m.map((x) => x.saved)).toEqual([0, 64, 64, 64, 0]);
    // RELU's moment: only the pooled map (8 x 4), the CONV's output freed after the pool
    expect(m[2]!.buffers).toBe(8 * 4);
  });

  it("inference in the executor: the pool's input lives until the unpooling, which reads it", () => {
    const m = model('cnncalc', true).moments;
    expect(m.map((x) => x.saved)).toEqual([0, 0, 0, 0, 0]);
    expect(m[2]!.buffers).toBe((32 + 8) * 4);
    // and the unpooling's workspace: the pooled values and their positions of one image, 2 x 8
    expect(model('cnncalc', true).columns[4]).toBe(16);
  });
});
