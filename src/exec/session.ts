// One executor session: a network built from an Analysis, run forward (and, for training, backward
// and one optimizer step) on a seeded random batch, with everything it allocated tracked. verify.ts
// compares what a session measured with the predictions; run.ts (cnncalc run) uses forward only;
// cnncalc bench (bench/bench.ts) sets a session up once and runs its step again and again.

import type { Analysis } from '../analysis/analyze.js';
import type { TrainingPlan } from '../training/plan.js';
import { allocateGradients, backward, type BackwardResult } from './backward.js';
import type { LayerTimer } from './bench/timer.js';
import { buildNetwork, type ExecNetwork, type ParamTensor } from './build.js';
import { forward, type Pass } from './forward.js';
import { Tracker } from './memory.js';
import { countNonFinite, type NonFiniteCount } from './nonfinite.js';
import { createOptimizer, type Optimizer, type OptimizerName, type Trainable } from './optim/optimizers.js';
import { createRandom, fillUniform, type Random } from './random.js';
import { size } from './tensor.js';
import { ownParams } from './network.js';

export interface SessionOptions {
  readonly batch: number;
  readonly seed: number;
  readonly train: boolean;
  readonly optimizer: OptimizerName;
  /** The optimizer's learning rate; torch.optim's default for it where not given. */
  readonly learningRate?: number;
  /** (units done, units in all): forward layers, then backward layers when training. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Replaces the random input batch ([batch, C, H, W]). */
  readonly input?: Float32Array;
  /** Fills parameters after building (weights read from a file); the random init is skipped. */
  readonly load?: (net: ExecNetwork) => void;
  /** The autograd plan to run by (verify's, shared with its prediction); by default made for `train`. */
  readonly plan?: TrainingPlan;
}

/** What a session holds between steps: the network, its input batch, and for training the
 *  gradients and the optimizer's state (a training loop holds them between steps). */
export interface SessionSetup {
  readonly net: ExecNetwork;
  readonly tracker: Tracker;
  readonly random: Random;
  readonly input: Float32Array;
  /** NaN and infinities in the input batch as the run read it (RELU may later write over it). */
  readonly inputNonFinite: NonFiniteCount;
  readonly params: readonly ParamTensor[];
  readonly optimizer: Optimizer | null;
}

export interface Step {
  readonly pass: Pass;
  readonly output: Float32Array;
  readonly backward: BackwardResult | null;
  /** Bytes held for the backward pass when the forward pass ended (training), input batch excluded. */
  readonly savedBytes: number;
  readonly seconds: { readonly forward: number; readonly backward: number; readonly step: number };
}

export type Session = SessionSetup & Step;

/** Per-layer timers of a step's passes (cnncalc bench), and the clock that times the step. */
export interface StepTiming {
  readonly clock: () => number;
  readonly forward?: LayerTimer;
  readonly backward?: LayerTimer;
}

const PERFORMANCE_CLOCK: StepTiming = { clock: () => performance.now() };

export function setUpSession(analysis: Analysis, o: SessionOptions, tracker = new Tracker()): SessionSetup {
  const random: Random = createRandom(o.seed);
  const net = buildNetwork(analysis, tracker, random, !o.load);
  o.load?.(net);
  // a copy in the kernels' memory, so that the first layer runs there too (run.ts and bench check
  // the given batch's shape), and layers that write over their input leave the caller's alone
  const input = tracker.f32('input', o.batch * size(net.layers[0]!.out));
  if (o.input) input.set(o.input);
  else fillUniform(input, random, -1, 1);
  const inputNonFinite = countNonFinite(input);
  const params = net.layers.flatMap((l) => ownParams(l).filter((p) => p.trainable));
  const optimizer = o.train ? createOptimizer(o.optimizer, tracker, o.learningRate) : null;
  if (optimizer) {
    allocateGradients({ net, tracker } as Pass);
    optimizer.prepare(params.map((p) => ({ data: p.data, grad: p.grad! })));
  }
  return { net, tracker, random, input, inputNonFinite, params, optimizer };
}

/** One forward pass, and for training the backward pass and the optimizer step. */
export function runStep(s: SessionSetup, o: SessionOptions, timing: StepTiming = PERFORMANCE_CLOCK): Step {
  const { net, tracker, random, optimizer } = s;
  const layerCount = net.layers.length - 1;
  const total = o.train ? 2 * layerCount : layerCount;
  const t0 = timing.clock();
  o.onProgress?.(0, total);
  const pass = forward(net, s.input, o.batch, {
    train: o.train, tracker, random, ...(o.plan ? { plan: o.plan } : {}), ...(timing.forward ? { timer: timing.forward } : {}),
    ...(o.onProgress ? { onLayer: (d: number) => o.onProgress!(d, total) } : {}),
  });
  const t1 = timing.clock();
  let savedBytes = 0;
  for (const [owner] of pass.keptFor) if (owner !== 0) savedBytes += pass.values[owner]!.byteLength;
  savedBytes += tracker.liveOf('saved');
  // Training writes the loss gradient over the output buffer: keep a copy (outside the tracker,
  // as the loss' target is: the caller's, not the network's memory).
  const output = optimizer ? pass.values[net.output]!.slice() : pass.values[net.output]!;
  if (!optimizer) return { pass, output, backward: null, savedBytes, seconds: { forward: (t1 - t0) / 1000, backward: 0, step: 0 } };
  const target = new Float32Array(output.length); // the loss' target: not the network's memory
  fillUniform(target, random, 0, 1);
  const onLayer = o.onProgress ? (d: number) => o.onProgress!(layerCount + d, total) : undefined;
  // The optimizer's step is taken during the backward pass, each parameter's as soon as its
  // gradient is final (backward.ts); `step` is the time of the updates made apart from the kernels.
  const update = optimizer.begin();
  let updating = 0;
  const timed = {
    ...update,
    update: (p: Trainable) => {
      const start = timing.clock();
      update.update(p);
      const ms = timing.clock() - start;
      updating += ms;
      timing.backward?.exclude(ms);
    },
  };
  const back = backward(pass, target, onLayer, timing.backward, timed);
  const t2 = timing.clock();
  const seconds = { forward: (t1 - t0) / 1000, backward: (t2 - t1 - updating) / 1000, step: updating / 1000 };
  return { pass, output, backward: back, savedBytes, seconds };
}

export function runSession(analysis: Analysis, o: SessionOptions): Session {
  const setup = setUpSession(analysis, o);
  return { ...setup, ...runStep(setup, o) };
}
