// The unpooling kernel (exec/kernels/unpool.ts) on inputs small enough to work out by hand: where
// each value goes (the pool's window walk: its first maximum, a NaN winning, a ceil-mode partial
// window, overlapping windows where the later value stays), the backward gather, and the memory it
// holds: int32 positions kept for backward only when training, else the workspace.

import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/exec/build.js';
import type { KindLayer } from '../../src/exec/kernels/kernel.js';
import { unpoolKernels } from '../../src/exec/kernels/unpool.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom } from '../../src/exec/random.js';
import { analysisOf } from '../helpers.js';

/** The UNPOOL layer of `source`, its pool's input `p` and the tensor to unpool `x` given. */
function unpool(source: string, x: readonly number[], p: readonly number[], train = false) {
  const net = buildNetwork(analysisOf(source), new Tracker(), createRandom(0));
  const layer = net.layers.find((l) => l.layer.kind === 'unpool')! as KindLayer<'unpool'>;
  const tracker = new Tracker();
  const y = new Float32Array(p.length);
  const workspace = new Float32Array(layer.columns);
  const call = { layer, batch: 1, xs: [Float32Array.from(x), Float32Array.from(p)], y, workspace };
  const done = unpoolKernels.forward({ ...call, train, keeps: train, tracker, random: createRandom(1) });
  return { layer, call, y: Array.from(y), done, tracker };
}

describe('UNPOOL forward', () => {
  it("puts each value at its window's maximum, zeros elsewhere", () => {
    // 4x2 pool input, two 2x2 windows: maxima 9 at (1, 0) and 7 at (0, 3)
    const p = [1, 2, 5, 7, 9, 3, 6, 4];
    expect(unpool('INPUT [4x2x1] => q: POOL2 => UNPOOL(@q)', [10, 20], p).y).toEqual([0, 0, 0, 20, 10, 0, 0, 0]);
  });

  it('takes the first of equal maxima, and a NaN wins its window (as MaxPool2d)', () => {
    const p = [4, 4, 1, Number.NaN, 4, 4, 2, 3];
    const { y } = unpool('INPUT [4x2x1] => q: POOL2 => UNPOOL(@q)', [10, 20], p);
    expect(y).toEqual([10, 0, 0, 20, 0, 0, 0, 0]);
  });

  it("a ceil-mode window that overhangs the input takes the part inside it", () => {
    // 3x1, POOL(fh=1, fw=2, round=ceil): windows [0, 2) and [2, 3)
    const { y } = unpool('INPUT [3x1x1] => q: POOL(fh=1, fw=2, round=ceil) => UNPOOL(@q)', [10, 20], [5, 1, 2]);
    expect(y).toEqual([10, 0, 20]);
  });

  it('where overlapping windows share a maximum, the later value stays there', () => {
    // 3x1, windows [0, 2) and [1, 3) of stride 1: both find 3 at position 1
    const { y } = unpool('INPUT [3x1x1] => q: POOL(fh=1, fw=2, sw=1) => UNPOOL(@q)', [10, 20], [1, 3, 2]);
    expect(y).toEqual([0, 20, 0]);
  });
});

describe('UNPOOL backward and memory', () => {
  it('gathers the gradient at each position; the pool input gets zero', () => {
    const { call, done } = unpool('INPUT [4x2x1] => q: POOL2 => UNPOOL(@q)', [10, 20], [1, 2, 5, 7, 9, 3, 6, 4], true);
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const dx = new Float32Array(2);
    const dp = new Float32Array(8).fill(9);
    unpoolKernels.backward({ ...call, dy, dxs: [dx, dp], saved: done.saved!, freshGradients: false, step: null });
    expect(Array.from(dx)).toEqual([5, 4]); // dy at (1, 0) and (0, 3)
    expect(Array.from(dp)).toEqual(new Array(8).fill(0));
  });

  it('keeps int32 positions (4 bytes per pooled element) only when training', () => {
    const source = 'INPUT [4x4x2] => q: POOL2 => UNPOOL(@q)';
    const p = Array.from({ length: 32 }, (_, i) => i);
    const x = new Array(8).fill(1);
    expect(unpool(source, x, p, true).tracker.peakOf('saved')).toBe(8 * 4);
    const inference = unpool(source, x, p);
    expect(inference.tracker.peak).toBe(0);
    expect(inference.done.saved).toBeUndefined();
    expect(inference.layer.columns).toBe(2 * 8); // the pooled values and their positions of one image
  });
});
