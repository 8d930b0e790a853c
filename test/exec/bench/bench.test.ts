// cnncalc bench's measurements (exec/bench/bench.ts) against a scripted clock: each reading advances
// by a value the test chooses, so every layer's time in every run is known by construction, and the
// medians, minimum, shares and GFLOP/s are worked out here by hand. Never a real timing.

import { describe, expect, it } from 'vitest';
import { BENCH_LEARNING_RATE, benchAnalysis, median, type BenchOptions } from '../../../src/exec/bench/bench.js';
import { runStep, setUpSession } from '../../../src/exec/session.js';
import type { Clock } from '../../../src/exec/bench/timer.js';
import { analysisOf } from '../../helpers.js';

/** A clock whose i-th reading is the sum of the first i+1 increments; read more often than
 *  scripted, it throws, and `left` says how many increments were never read. */
function scriptedClock(increments: readonly number[]): { clock: Clock; left: () => number } {
  let t = 0;
  let i = 0;
  return {
    clock: () => {
      if (i >= increments.length) throw new Error(`the clock was read more than the ${increments.length} times scripted`);
      t += increments[i++]!;
      return t;
    },
    left: () => increments.length - i,
  };
}

const OPTIONS: Omit<BenchOptions, 'runs' | 'train'> = { batch: 3, optimizer: 'sgd', seed: 1, threads: 2 };

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});

describe('benchAnalysis, forward passes', () => {
  // layers: 1 RELU, 2 FC-2 over 2*2*1 = 4 inputs: 8 MACs an image, 24 for the batch of 3, 48 FLOPs
  const analysis = analysisOf('INPUT [2x2x1] => RELU => FC-2');
  // per step the clock is read at: the step's start, the pass' begin, after layer 1, after layer 2, the end
  const step = (relu: number, fc: number): number[] => [100, 0.5, relu, fc, 0.25];
  const script = [...step(9, 9), ...step(3, 4), ...step(1, 8), ...step(2, 6)]; // a warm-up, then 3 timed

  it('gives per layer the median of the timed runs, leaving the warm-up out', () => {
    const c = scriptedClock(script);
    const r = benchAnalysis(analysis, { ...OPTIONS, runs: 3, train: false, clock: c.clock });
    expect(c.left()).toBe(0);
    expect(r.layers.map((l) => l.id)).toEqual([1, 2]);
    expect(r.layers.map((l) => l.text)).toEqual(['RELU', 'FC-2']);
    expect(r.layers.map((l) => l.forwardMs)).toEqual([2, 6]); // medians of 3, 1, 2 and of 4, 8, 6
    expect(r.kinds.map((k) => [k.kind, k.layers, k.forwardMs, k.backwardMs])).toEqual([['relu', 1, 2, null], ['fc', 1, 6, null]]);
    expect(r.layers.every((l) => l.backwardMs === null && l.backwardFlops === null)).toBe(true);
    // steps: 0.5 + 0.25 + (3 + 4, 1 + 8, 2 + 6)
    [7.75, 9.75, 8.75].forEach((ms, i) => expect(r.stepsMs[i]).toBeCloseTo(ms, 12));
    expect(r.medianMs).toBe(r.stepsMs[2]);
    expect(r.minMs).toBe(r.stepsMs[0]);
    expect(r.forwardMs).toBeCloseTo(8.75, 12);
    expect([r.backwardMs, r.optimizerMs, r.optimizer]).toEqual([null, null, null]);
    expect([r.runs, r.warmup, r.batch, r.threads, r.seed, r.train]).toEqual([3, 1, 3, 2, 1, false]);
  });

  it('counts FLOPs as 2 x the analysis MACs of the batch, and GFLOP/s over the medians', () => {
    const r = benchAnalysis(analysis, { ...OPTIONS, runs: 3, train: false, clock: scriptedClock(script).clock });
    const [relu, fc] = r.layers;
    expect([relu!.forwardFlops, fc!.forwardFlops]).toEqual([0, 48]);
    expect(relu!.gflops).toBeNull();
    expect(fc!.gflops).toBeCloseTo(48 / 6 / 1e6, 15); // 48 FLOPs in 6 ms
    expect(r.flops).toBe(48);
    expect(r.gflops).toBeCloseTo(48 / 8.75 / 1e6, 15);
    expect(relu!.share).toBeCloseTo(2 / 8.75, 12);
    expect(fc!.share).toBeCloseTo(6 / 8.75, 12);
  });

  it('an even number of runs: the mean of the two middle ones', () => {
    const r = benchAnalysis(analysis, { ...OPTIONS, runs: 2, train: false, clock: scriptedClock(script.slice(0, 15)).clock });
    expect(r.layers.map((l) => l.forwardMs)).toEqual([2, 6]); // (3 + 1) / 2, (4 + 8) / 2
    expect(r.medianMs).toBeCloseTo(8.75, 12); // (7.75 + 9.75) / 2
  });
});

describe('benchAnalysis, training steps', () => {
  // layers: 1 FC-2 (trains), 2 RELU
  const analysis = analysisOf('INPUT [2x2x1] => FC-2 => RELU');
  // per step: start, forward begin, after 1, after 2, forward end; backward begin, after 2 (reverse
  // order); in layer 1's backward the optimizer's updates of its weight and bias (the input batch
  // takes no gradient, so the kernel that updates a weight itself does not run), each read before
  // and after: 0.25 into the layer, opt / 2 each, left out of the layer's time; after 1; backward end
  const step = (f1: number, f2: number, b2: number, b1: number, opt: number): number[] => [
    100, 0.5, f1, f2, 0.25, 0.5, b2, 0.25, opt / 2, 0, opt / 2, b1 - 0.25, 0.25,
  ];
  const script = [...step(9, 9, 9, 9, 9), ...step(1, 2, 3, 4, 1), ...step(2, 2, 1, 8, 3), ...step(3, 1, 2, 6, 2)];

  it('times forward and backward per layer, and the optimizer step', () => {
    const c = scriptedClock(script);
    const r = benchAnalysis(analysis, { ...OPTIONS, runs: 3, train: true, optimizer: 'adam', clock: c.clock });
    expect(c.left()).toBe(0);
    const [fc, relu] = r.layers;
    expect([fc!.forwardMs, fc!.backwardMs]).toEqual([2, 6]); // medians of 1, 2, 3 and 4, 8, 6
    expect([relu!.forwardMs, relu!.backwardMs]).toEqual([2, 2]); // of 2, 2, 1 and 3, 1, 2
    expect(r.kinds.map((k) => [k.kind, k.forwardMs, k.backwardMs])).toEqual([['fc', 2, 6], ['relu', 2, 2]]);
    // forward 0.75 + (3, 4, 4); backward 0.75 + (7, 9, 8); optimizer 1, 3, 2
    // (the session keeps a step's parts in seconds: the milliseconds are within rounding)
    expect(r.forwardMs).toBeCloseTo(4.75, 12);
    expect(r.backwardMs).toBeCloseTo(8.75, 12);
    expect(r.optimizerMs).toBeCloseTo(2, 12);
    [3.75 + 7.75 + 1, 4.75 + 9.75 + 3, 4.75 + 8.75 + 2].forEach((ms, i) => expect(r.stepsMs[i]).toBeCloseTo(ms, 12));
    expect(r.medianMs).toBe(r.stepsMs[2]);
    expect(r.optimizer).toBe('adam');
  });

  it("backward FLOPs are the backward kernels' MACs: dW = dY^T X, no gradient for the input batch", () => {
    const r = benchAnalysis(analysis, { ...OPTIONS, runs: 3, train: true, clock: scriptedClock(script).clock });
    const [fc, relu] = r.layers;
    // dW [2 x 4] += dY^T [2 x 3] X [3 x 4]: 2 * 4 * 3 = 24 MACs, 48 FLOPs
    expect([fc!.forwardFlops, fc!.backwardFlops]).toEqual([48, 48]);
    expect([relu!.forwardFlops, relu!.backwardFlops]).toEqual([0, 0]);
    expect(r.flops).toBe(96);
    expect(fc!.gflops).toBeCloseTo(96 / (2 + 6) / 1e6, 15);
  });
});

describe('benchAnalysis on the real clock', () => {
  it('has a row per layer of the analysis and as many steps as runs, branches and side outputs included', () => {
    const analysis = analysisOf('INPUT [8x8x3] => s: CONV3-4 => BN => { ID + CONV3-4 } => POOL2 => DROPOUT => FC-3\n@s => GAP => FC-2');
    for (const train of [false, true]) {
      const r = benchAnalysis(analysis, { ...OPTIONS, runs: 4, train });
      expect(r.layers.map((l) => l.id)).toEqual(analysis.layers.slice(1).map((l) => l.node.id));
      expect(r.stepsMs).toHaveLength(4);
      expect(r.medianMs).toBe(median(r.stepsMs));
      expect(r.minMs).toBe(Math.min(...r.stepsMs));
      expect(r.layers.every((l) => l.forwardMs >= 0 && (l.backwardMs === null) === !train)).toBe(true);
      // two CONV, one each of the rest; the kinds' sums are the layers'
      expect(r.kinds.map((k) => [k.kind, k.layers])).toEqual([['conv', 2], ['bn', 1], ['add', 1], ['pool', 2], ['dropout', 1], ['fc', 2]]);
    }
  });
});

describe('training steps at BENCH_LEARNING_RATE', () => {
  it('keep the weights, so every step computes on the values the first did', () => {
    // at SGD's default rate (0.01) the same session's second step starts from other weights
    const source = 'INPUT [4x4x2] => CONV(k=3) => RELU => FC-5';
    const outputs = (learningRate: number | undefined): Float32Array[] => {
      const o = { batch: 2, seed: 3, train: true, optimizer: 'sgd' as const, ...(learningRate === undefined ? {} : { learningRate }) };
      const s = setUpSession(analysisOf(source), o);
      return [runStep(s, o).output, runStep(s, o).output];
    };
    const [first, second] = outputs(BENCH_LEARNING_RATE);
    expect(BENCH_LEARNING_RATE).toBe(0);
    expect(Array.from(second!)).toEqual(Array.from(first!));
    const [before, after] = outputs(undefined);
    expect(Array.from(before!)).toEqual(Array.from(first!));
    expect(Array.from(after!)).not.toEqual(Array.from(before!));
  });

  it('are reported with their learning rate (null for forward passes)', () => {
    const analysis = analysisOf('INPUT [4x4x1] => FC-2');
    expect(benchAnalysis(analysis, { ...OPTIONS, runs: 1, train: true }).learningRate).toBe(0);
    expect(benchAnalysis(analysis, { ...OPTIONS, runs: 1, train: false }).learningRate).toBeNull();
  });
});
