// cnncalc bench's work, as data: a session set up once (seeded random weights and batch, buffers
// recycled between steps: recycler.ts), `warmup` untimed steps (they touch every buffer's pages),
// then `runs` timed ones: forward passes, or with `train` training steps (forward, backward, the
// optimizer's step). Each layer's time is the median over the timed runs of what the timers saw
// (timer.ts); a step's is the clock around the whole step. FLOPs count 2 x the MACs: forward the
// analysis' per-layer MACs, backward the MACs the backward kernels return (their loop bounds);
// element-wise work is not counted.

import type { Analysis, LayerAnalysis } from '../../analysis/analyze.js';
import { resolvedLabel } from '../../analysis/layer-label.js';
import type { LayerKind, Shape } from '../../layers/types.js';
import { planTraining } from '../../training/plan.js';
import { mul, sumOf } from '../../util/exact.js';
import type { OptimizerName } from '../optim/optimizers.js';
import type { Pass } from '../forward.js';
import { savedTensors } from '../kernels/kernel.js';
import type { Tracker } from '../memory.js';
import { runStep, setUpSession, type SessionOptions, type Step } from '../session.js';
import { RecyclingTracker } from './recycler.js';
import { LayerTimes, type Clock } from './timer.js';

export interface BenchOptions {
  readonly batch: number;
  readonly runs: number;
  /** Untimed steps before the timed ones (default 1). */
  readonly warmup?: number;
  readonly train: boolean;
  readonly optimizer: OptimizerName;
  readonly seed: number;
  /** The executor's threads, as configureThreads (exec/threads/pool.ts) was given them: reported, not set, here. */
  readonly threads: number;
  /** Replaces the random input batch ([batch, C, H, W]). */
  readonly input?: Float32Array;
  /** Milliseconds; performance.now by default (tests inject a fake). */
  readonly clock?: Clock;
  /** After each step, outside its time: (steps done, steps in all, warm-up included). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LayerBench {
  readonly id: number;
  readonly kind: LayerKind;
  readonly text: string;
  /** The layer with its arguments' values, as table rows show it (analysis/layer-label.ts). */
  readonly label: string;
  readonly output: Shape;
  /** Median over the timed runs. */
  readonly forwardMs: number;
  /** Training only. */
  readonly backwardMs: number | null;
  /** 2 x MACs, whole batch. */
  readonly forwardFlops: number;
  readonly backwardFlops: number | null;
  /** Its forward and backward time over the median step. */
  readonly share: number;
  /** Its FLOPs over its time; null for a layer without MACs. */
  readonly gflops: number | null;
}

export interface BenchResult {
  readonly batch: number;
  readonly threads: number;
  readonly runs: number;
  readonly warmup: number;
  readonly train: boolean;
  readonly optimizer: OptimizerName | null;
  /** The optimizer's learning rate (BENCH_LEARNING_RATE); null without training. */
  readonly learningRate: number | null;
  readonly seed: number;
  /** Every timed step, in milliseconds, in the order run. */
  readonly stepsMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  /** Medians of the step's parts; backward and optimizer null without training. */
  readonly forwardMs: number;
  readonly backwardMs: number | null;
  readonly optimizerMs: number | null;
  /** Per step: the layers' FLOPs, forward and backward. */
  readonly flops: number;
  /** flops over the median step (null: see gigaflopsPerSecond). */
  readonly gflops: number | null;
  /** Every layer after INPUT. */
  readonly layers: readonly LayerBench[];
  /** The layers' medians summed per kind, in order of first appearance: where the time goes. */
  readonly kinds: readonly KindBench[];
}

export interface KindBench {
  readonly kind: LayerKind;
  readonly layers: number;
  readonly forwardMs: number;
  readonly backwardMs: number | null;
  /** Its layers' shares summed. */
  readonly share: number;
}

/** Every timed step computes on the values the first one did: the optimizer's step does all its
 *  arithmetic, but at a learning rate of 0 the weights keep their values. At its default rate, a
 *  training run from random weights towards a random target can blow up: VGG16's loss went from
 *  1.2e4 to 2.8e73 and then NaN by the third step, and the steps after timed arithmetic on NaN
 *  (where the FC backward, for one, can no longer skip the rows that ReLU and dropout silenced). */
export const BENCH_LEARNING_RATE = 0;

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(xs: ArrayLike<number>): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** 10^9 FLOPs per second; null where nothing was counted or no time passed (a coarse clock). */
export const gigaflopsPerSecond = (flops: number, ms: number): number | null => (flops > 0 && ms > 0 ? flops / ms / 1e6 : null);

/** Gives back what a step left allocated, for the next step to reuse. */
export function releaseStep(tracker: Tracker, pass: Pass): void {
  for (let id = 1; id < pass.values.length; id++) pass.values[id] && tracker.release(pass.values[id]!);
  for (const saved of pass.saved) for (const own of savedTensors(saved)) tracker.release(own);
  if (pass.workspace) tracker.release(pass.workspace);
}

/** Per layer id, each timed run's times (`runs` x layers). */
interface Samples {
  readonly forward: Float64Array[];
  readonly backward: Float64Array[];
  readonly steps: number[];
  readonly parts: { forward: number[]; backward: number[]; optimizer: number[] };
}

export function benchAnalysis(analysis: Analysis, o: BenchOptions): BenchResult {
  const clock = o.clock ?? (() => performance.now());
  const warmup = o.warmup ?? 1;
  // The plan made once, not per pass: a step's own cost, not the bench's
  const plan = planTraining(analysis.layers, { training: o.train, sideOutputs: analysis.network.sideOutputs });
  const session: SessionOptions = {
    batch: o.batch, seed: o.seed, train: o.train, optimizer: o.optimizer, learningRate: BENCH_LEARNING_RATE, plan, ...(o.input ? { input: o.input } : {}),
  };
  const setup = setUpSession(analysis, session, new RecyclingTracker());
  const n = setup.net.layers.length;
  const forward = new LayerTimes(clock, n);
  const backward = o.train ? new LayerTimes(clock, n) : undefined;
  const samples: Samples = { forward: [], backward: [], steps: [], parts: { forward: [], backward: [], optimizer: [] } };
  let last: Step | undefined;
  for (let r = 0; r < warmup + o.runs; r++) {
    forward.reset();
    backward?.reset();
    last = runStep(setup, session, { clock, forward, ...(backward ? { backward } : {}) });
    releaseStep(setup.tracker, last.pass);
    o.onProgress?.(r + 1, warmup + o.runs);
    if (r < warmup) continue;
    const { seconds } = last;
    samples.forward.push(forward.ms.slice());
    if (backward) samples.backward.push(backward.ms.slice());
    samples.steps.push((seconds.forward + seconds.backward + seconds.step) * 1000);
    samples.parts.forward.push(seconds.forward * 1000);
    samples.parts.backward.push(seconds.backward * 1000);
    samples.parts.optimizer.push(seconds.step * 1000);
  }
  return summarise(analysis, o, warmup, samples, last?.backward?.macs ?? null);
}

function layerBench(a: LayerAnalysis, o: BenchOptions, s: Samples, backwardMacs: readonly number[] | null, stepMs: number): LayerBench {
  const id = a.node.id;
  const forwardMs = median(s.forward.map((run) => run[id]!));
  const backwardMs = o.train ? median(s.backward.map((run) => run[id]!)) : null;
  const forwardFlops = mul(`layer ${id}'s forward FLOPs`, 2, a.macs, o.batch);
  const backwardFlops = backwardMacs ? mul(`layer ${id}'s backward FLOPs`, 2, backwardMacs[id]!) : null;
  const ms = forwardMs + (backwardMs ?? 0);
  const flops = forwardFlops + (backwardFlops ?? 0);
  return {
    id, kind: a.layer.kind, text: a.node.text, label: resolvedLabel(a.node), output: a.output,
    forwardMs, backwardMs, forwardFlops, backwardFlops,
    share: stepMs > 0 ? ms / stepMs : 0, gflops: gigaflopsPerSecond(flops, ms),
  };
}

function summarise(analysis: Analysis, o: BenchOptions, warmup: number, s: Samples, backwardMacs: readonly number[] | null): BenchResult {
  const medianMs = median(s.steps);
  const layers = analysis.layers.slice(1).map((a) => layerBench(a, o, s, backwardMacs, medianMs));
  const flops = sumOf("a step's FLOPs", layers, (l) => l.forwardFlops + (l.backwardFlops ?? 0));
  return {
    batch: o.batch, threads: o.threads, runs: o.runs, warmup, train: o.train, optimizer: o.train ? o.optimizer : null,
    learningRate: o.train ? BENCH_LEARNING_RATE : null, seed: o.seed,
    stepsMs: s.steps, medianMs, minMs: Math.min(...s.steps),
    forwardMs: median(s.parts.forward),
    backwardMs: o.train ? median(s.parts.backward) : null,
    optimizerMs: o.train ? median(s.parts.optimizer) : null,
    flops, gflops: gigaflopsPerSecond(flops, medianMs), layers, kinds: byKind(layers, o.train),
  };
}

function byKind(layers: readonly LayerBench[], train: boolean): KindBench[] {
  const kinds = new Map<LayerKind, { layers: number; forwardMs: number; backwardMs: number; share: number }>();
  for (const l of layers) {
    const k = kinds.get(l.kind) ?? { layers: 0, forwardMs: 0, backwardMs: 0, share: 0 };
    kinds.set(l.kind, { layers: k.layers + 1, forwardMs: k.forwardMs + l.forwardMs, backwardMs: k.backwardMs + (l.backwardMs ?? 0), share: k.share + l.share });
  }
  return [...kinds].map(([kind, k]) => ({ kind, ...k, backwardMs: train ? k.backwardMs : null }));
}
