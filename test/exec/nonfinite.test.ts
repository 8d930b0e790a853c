// NaN and infinity through every kernel, as PyTorch propagates them. Each expectation is PyTorch's
// documented rule worked out by hand: relu is clamp_min (NaN stays NaN) and its backward
// threshold_backward zeroes only where y <= 0; max_pool2d takes a value when val > max or isnan(val);
// softmax subtracts the max (inf - inf = NaN); dropout multiplies by its mask (0 * NaN = NaN);
// everything else is IEEE arithmetic (NaN + a = NaN, 0 * inf = NaN, a / inf = 0).

import { describe, expect, it } from 'vitest';
import { backward } from '../../src/exec/backward.js';
import { forward } from '../../src/exec/forward.js';
import { activationBackward, activationForward } from '../../src/exec/kernels/activations.js';
import { bnForward } from '../../src/exec/kernels/bn.js';
import { convColumnElements, convForward } from '../../src/exec/kernels/conv.js';
import { dropoutBackward, dropoutForward } from '../../src/exec/kernels/dropout.js';
import { fcForward } from '../../src/exec/kernels/fc.js';
import { gemm, rowMajor } from '../../src/exec/kernels/gemm.js';
import { outSize, type Win } from '../../src/exec/kernels/im2col.js';
import { lrnForward } from '../../src/exec/kernels/lrn.js';
import { addForward } from '../../src/exec/kernels/merge.js';
import { poolBackward, poolForward } from '../../src/exec/kernels/pool.js';
import { softmaxBackward, softmaxForward } from '../../src/exec/kernels/softmax.js';
import type { Random } from '../../src/exec/random.js';
import { setUpSession } from '../../src/exec/session.js';
import { analysisOf } from '../helpers.js';

const { NaN: nan } = Number;
const inf = Infinity;
const win = (f: number, s: number): Win => ({ f, s, p: 0, d: 1, ceil: false });
const list = (a: ArrayLike<number>): number[] => Array.from(a);

describe('activations', () => {
  it('relu keeps NaN and +inf, maps -inf to 0; its backward passes the gradient at a NaN output', () => {
    const x = new Float32Array([nan, -inf, inf, -1, 2]);
    const y = new Float32Array(5);
    activationForward('relu', 5, x, y);
    expect(list(y)).toEqual([nan, 0, inf, 0, 2]);
    const dx = new Float32Array(5);
    activationBackward('relu', 5, y, new Float32Array([5, 5, 5, 5, 5]), dx);
    // threshold_backward: y <= 0 ? 0 : dy; NaN <= 0 is false
    expect(list(dx)).toEqual([5, 0, 5, 0, 5]);
  });
  it('relu in place (y === x) keeps NaN too', () => {
    const x = new Float32Array([nan, -3]);
    activationForward('relu', 2, x, x);
    expect(list(x)).toEqual([nan, 0]);
  });
  it('tanh and sigmoid: NaN stays NaN, the infinities saturate; a NaN gradient stays NaN', () => {
    const x = new Float32Array([nan, inf, -inf]);
    const y = new Float32Array(3);
    activationForward('tanh', 3, x, y);
    expect(list(y)).toEqual([nan, 1, -1]);
    const dx = new Float32Array(3);
    activationBackward('tanh', 3, y, new Float32Array([1, 1, nan]), dx);
    expect(list(dx)).toEqual([nan, 0, nan]); // dy (1 - y^2): 1 * NaN, 1 * 0, NaN * 0
    activationForward('sigmoid', 3, x, y);
    expect(list(y)).toEqual([nan, 1, 0]); // 1 / (1 + e^-x): e^-inf = 0, e^inf = inf
  });
});

describe('pooling', () => {
  // one 2x4 plane, two 2x2 windows: [1, NaN | 3, 4] over [5, 6 | 7, -inf]
  const geo = { C: 1, H: 2, W: 4, wh: win(2, 2), ww: win(2, 2), outH: 1, outW: 2 };
  const x = new Float32Array([1, nan, 3, 4, 5, 6, 7, -inf]);
  it('max: a window holding NaN gives NaN and records the NaN as its argmax; the gradient goes there', () => {
    const y = new Float32Array(2);
    const idx = new Int32Array(2);
    poolForward(geo, 'max', 1, x, y, idx);
    expect(list(y)).toEqual([nan, 7]);
    expect(list(idx)).toEqual([1, 6]);
    const dx = new Float32Array(8);
    poolBackward(geo, 'max', 1, new Float32Array([2, 3]), dx, idx, null, null);
    expect(list(dx)).toEqual([0, 2, 0, 0, 0, 0, 3, 0]);
  });
  it('max: of two NaNs the last is recorded (the test fires at every NaN); all -inf gives -inf', () => {
    const y = new Float32Array(2);
    const idx = new Int32Array(2);
    poolForward(geo, 'max', 1, new Float32Array([nan, 0, -inf, -inf, 1, nan, -inf, -inf]), y, idx);
    expect(list(y)).toEqual([nan, -inf]);
    expect(idx[0]).toBe(5);
  });
  it('avg: NaN in a window gives NaN; -inf gives -inf', () => {
    const y = new Float32Array(2);
    poolForward(geo, 'avg', 1, x, y, null);
    expect(list(y)).toEqual([nan, -inf]);
  });
  it('l2: NaN gives NaN, inf gives inf; backward fills a NaN window with NaN, and an infinite x gets 0 * inf', () => {
    const y = new Float32Array(2);
    const xs = new Float32Array([1, nan, 3, 4, 5, 6, 7, inf]);
    poolForward(geo, 'l2', 1, xs, y, null);
    expect(list(y)).toEqual([nan, inf]);
    const dx = new Float32Array(8);
    poolBackward(geo, 'l2', 1, new Float32Array([1, 1]), dx, null, xs, y);
    // dx = dy x / y: window 1 (NaN) all NaN; window 2: x / inf = 0 for finite x, inf * 0 = NaN for inf
    expect(list(dx)).toEqual([nan, nan, 0, 0, nan, nan, 0, nan]);
  });
});

describe('softmax over depth', () => {
  const run = (values: number[]): number[] => {
    const y = new Float32Array(values.length);
    softmaxForward(1, values.length, 1, new Float32Array(values), y);
    return list(y);
  };
  it('NaN anywhere in a position makes all its channels NaN', () => {
    expect(run([nan, 1, 2])).toEqual([nan, nan, nan]);
  });
  it('+inf gives NaN everywhere (inf - max = inf - inf); -inf gives probability 0; all -inf gives NaN', () => {
    expect(run([inf, 0])).toEqual([nan, nan]);
    expect(run([-inf, 0])).toEqual([0, 1]);
    expect(run([-inf, -inf])).toEqual([nan, nan]);
  });
  it('backward: a NaN gradient in one channel reaches every channel of its position (through the dot)', () => {
    const y = new Float32Array([0.25, 0.75]);
    const dx = new Float32Array(2);
    softmaxBackward(1, 2, 1, y, new Float32Array([nan, 1]), dx);
    expect(list(dx)).toEqual([nan, nan]);
  });
});

describe('batch normalisation', () => {
  // B=1, C=2, HW=2: channel 0 [NaN, 1], channel 1 [2, 4]
  const x = new Float32Array([nan, 1, 2, 4]);
  const ones = () => new Float32Array([1, 1]);
  const zeros = () => new Float32Array([0, 0]);
  it('training: a NaN makes its channel NaN (batch mean and variance), running mean included; other channels finite', () => {
    const rm = zeros();
    const rv = ones();
    const y = new Float32Array(4);
    bnForward(true, 1, 2, 2, x, ones(), zeros(), rm, rv, y);
    expect(list(y.subarray(0, 2))).toEqual([nan, nan]);
    // channel 1: mean 3, biased variance 1, y = (x - 3) / sqrt(1 + 1e-5)
    expect(y[2]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 6);
    expect(y[3]).toBeCloseTo(1 / Math.sqrt(1 + 1e-5), 6);
    expect(rm[0]).toBeNaN();
    expect(rm[1]).toBeCloseTo(0.1 * 3, 6); // 0.9 * 0 + 0.1 * 3
  });
  it('inference: only the NaN element is NaN; a NaN gamma makes its channel NaN', () => {
    const y = new Float32Array(4);
    bnForward(false, 1, 2, 2, x, ones(), zeros(), zeros(), ones(), y);
    expect(y[0]).toBeNaN();
    expect(y[1]).toBeCloseTo(1 / Math.sqrt(1 + 1e-5), 6);
    bnForward(false, 1, 2, 2, new Float32Array([1, 2, 3, 4]), new Float32Array([1, nan]), zeros(), zeros(), ones(), y);
    expect(list(y.subarray(2))).toEqual([nan, nan]);
    expect(Number.isFinite(y[0]!)).toBe(true);
  });
});

describe('LRN', () => {
  // size 3: channel c's window is c-1..c+1. B=1, C=4, HW=1.
  const a = { size: 3, alpha: 1, beta: 0.75, k: 1 };
  const run = (values: number[]): number[] => {
    const y = new Float32Array(4);
    lrnForward(a, 1, 4, 1, new Float32Array(values), y, new Float32Array(4));
    return list(y);
  };
  it('NaN in channel 0 makes channels 0 and 1 NaN (their windows hold it), not 2 and 3', () => {
    const y = run([nan, 1, 1, 1]);
    expect(y.slice(0, 2)).toEqual([nan, nan]);
    // channel 3: scale = 1 + (1/3)(1 + 1) = 5/3, y = 1 / (5/3)^0.75
    expect(y[3]).toBeCloseTo((5 / 3) ** -0.75, 6);
  });
  it('inf in channel 1: its own output is inf / inf = NaN, its neighbours x / inf = 0', () => {
    const y = run([1, inf, 1, 1]);
    expect(y.slice(0, 3)).toEqual([0, nan, 0]);
    expect(Number.isFinite(y[3]!)).toBe(true);
  });
});

describe('GEMM, FC, CONV', () => {
  it('GEMM: a NaN in A poisons its row of C; 0 * inf in a dot product is NaN', () => {
    // A [2x2] = [[1, NaN], [0, 1]], B [2x2] = [[inf, 1], [1, 1]]
    const c = new Float32Array(4);
    gemm(2, 2, 2, rowMajor(new Float32Array([1, nan, 0, 1]), 0, 2), rowMajor(new Float32Array([inf, 1, 1, 1]), 0, 2), c, 0, 2, false);
    // row 1: 0 * inf + 1 * 1 = NaN, 0 * 1 + 1 * 1 = 1
    expect(list(c)).toEqual([nan, nan, nan, 1]);
  });
  it('FC: a NaN weight makes only its output NaN, for every image', () => {
    const w = new Float32Array([1, 1, nan, 1, 2, 3]); // [3 outputs x 2 inputs]
    const y = new Float32Array(6);
    fcForward(2, 2, 3, new Float32Array([1, 2, 3, 4]), w, new Float32Array(3), y);
    expect(list(y)).toEqual([3, nan, 8, 7, nan, 18]);
  });
  it('CONV: a NaN weight makes its output channel NaN; a NaN input pixel makes NaN the outputs whose windows hold it', () => {
    const w2 = win(2, 1);
    const geo = { C: 1, H: 3, W: 3, k: 2, g: 1, wh: w2, ww: w2, outH: outSize(3, w2), outW: outSize(3, w2) };
    const col = new Float32Array(convColumnElements(geo));
    const y = new Float32Array(8);
    const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    convForward(geo, 1, x, new Float32Array([nan, 0, 0, 0, 1, 1, 1, 1]), null, y, col);
    expect(list(y)).toEqual([nan, nan, nan, nan, 12, 16, 24, 28]);
    x[0] = nan; // only the top-left window holds pixel (0, 0)
    convForward(geo, 1, x, new Float32Array([1, 1, 1, 1, 1, 1, 1, 1]), null, y, col);
    expect(list(y)).toEqual([nan, 16, 24, 28, nan, 16, 24, 28]);
  });
});

describe('FC in a training step', () => {
  it('a row of -inf weights ReLU silences still makes its input gradient NaN (0 * -inf), as PyTorch does', () => {
    // FC-2 gives x = [1, 1]; the second FC-2's row 0, [-inf, 0], gives -inf, which ReLU makes 0, so
    // its output gradient is 0 and the WebAssembly kernel could skip the row: the forward found an
    // output that is not finite, so it does not. dx = 0 * [-inf, 0] + dy_1 * [1, 1] = [NaN, dy_1],
    // and the first FC's weight gradient, dx (outer) its input, is NaN in its row 0 alone
    const s = setUpSession(analysisOf('INPUT [1x1x2] => FC-2 => FC-2 => RELU => FC-1'), {
      batch: 1, seed: 1, train: true, optimizer: 'sgd',
      load: (net) => {
        const [fc1, fc2, fc3] = [net.layers[1]!, net.layers[2]!, net.layers[4]!];
        fc1.params[0]!.data.set([0, 0, 0, 0]);
        fc1.params[1]!.data.set([1, 1]);
        fc2.params[0]!.data.set([-inf, 0, 1, 1]);
        fc2.params[1]!.data.set([0, 0]);
        fc3.params[0]!.data.set([1, 1]);
      },
    });
    const pass = forward(s.net, s.input, 1, { train: true, tracker: s.tracker, random: s.random });
    expect(pass.saved[1]!.finite).toBe(true);
    expect(pass.saved[2]!.finite).toBe(false);
    backward(pass, new Float32Array([0]));
    expect(list(s.net.layers[1]!.params[0]!.grad!).map(Number.isNaN)).toEqual([true, true, false, false]);
  });
});

describe('dropout and merges', () => {
  it('dropout multiplies by its mask: a dropped NaN or inf is still NaN, forward and backward', () => {
    const drops: Random = { next: () => 0, normal: () => 0 }; // every draw < p: every element dropped
    const x = new Float32Array([nan, inf, 2]);
    const y = new Float32Array(3);
    const mask = new Uint8Array(3);
    dropoutForward(0.5, 3, x, y, mask, drops);
    expect(list(y)).toEqual([nan, nan, 0]); // NaN * 0, inf * 0, 2 * 0
    const dx = new Float32Array(3);
    dropoutBackward(0.5, 3, new Float32Array([nan, 1, inf]), mask, dx);
    expect(list(dx)).toEqual([nan, 0, nan]);
  });
  it('add: inf + -inf is NaN', () => {
    const y = new Float32Array(2);
    addForward(2, [new Float32Array([inf, 1]), new Float32Array([-inf, inf])], y);
    expect(list(y)).toEqual([nan, inf]);
  });
});
