// One executor session: a network built from an Analysis, run forward (and, for training, backward
// and one optimizer step) on a seeded random batch, with everything it allocated tracked. verify.ts
// compares what a session measured with the predictions; run.ts (cnncalc run) uses forward only.

import type { Analysis } from '../analysis/analyze.js';
import type { TrainingPlan } from '../training/plan.js';
import { allocateGradients, backward, type BackwardResult } from './backward.js';
import { buildNetwork, type ExecNetwork } from './build.js';
import { forward, type Pass } from './forward.js';
import { Tracker } from './memory.js';
import { countNonFinite, type NonFiniteCount } from './nonfinite.js';
import { createOptimizer, type OptimizerName } from './optim/optimizers.js';
import { createRandom, fillUniform, type Random } from './random.js';
import { size } from './tensor.js';
import { ownParams } from './network.js';

export interface SessionOptions {
  readonly batch: number;
  readonly seed: number;
  readonly train: boolean;
  readonly optimizer: OptimizerName;
  /** (units done, units in all): forward layers, then backward layers when training. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Replaces the random input batch ([batch, C, H, W]). */
  readonly input?: Float32Array;
  /** Fills parameters after building (weights read from a file); the random init is skipped. */
  readonly load?: (net: ExecNetwork) => void;
  /** The autograd plan to run by (verify's, shared with its prediction); by default made for `train`. */
  readonly plan?: TrainingPlan;
}

export interface Session {
  readonly net: ExecNetwork;
  readonly tracker: Tracker;
  readonly pass: Pass;
  /** NaN and infinities in the input batch as the run read it (RELU may later write over it). */
  readonly inputNonFinite: NonFiniteCount;
  readonly output: Float32Array;
  readonly backward: BackwardResult | null;
  /** Bytes held for the backward pass when the forward pass ended (training), input batch excluded. */
  readonly savedBytes: number;
  readonly seconds: { readonly forward: number; readonly backward: number; readonly step: number };
}

export function runSession(analysis: Analysis, o: SessionOptions): Session {
  const tracker = new Tracker();
  const random: Random = createRandom(o.seed);
  const net = buildNetwork(analysis, tracker, random, !o.load);
  o.load?.(net);
  const inDims = net.layers[0]!.out;
  const input = tracker.adopt('input', o.input ?? new Float32Array(o.batch * size(inDims)));
  if (!o.input) fillUniform(input, random, -1, 1);
  const inputNonFinite = countNonFinite(input);
  const params = net.layers.flatMap((l) => ownParams(l).filter((p) => p.trainable));
  const optimizer = o.train ? createOptimizer(o.optimizer, tracker) : null;
  const layerCount = net.layers.length - 1;
  const total = o.train ? 2 * layerCount : layerCount;
  const t0 = performance.now();
  // A training loop holds gradients and optimizer state between steps: allocate them first.
  const pass0 = { net, tracker } as Pass;
  if (o.train) {
    allocateGradients(pass0);
    optimizer!.prepare(params.map((p) => ({ data: p.data, grad: p.grad! })));
  }
  o.onProgress?.(0, total);
  const pass = forward(net, input, o.batch, { train: o.train, tracker, random, ...(o.plan ? { plan: o.plan } : {}), onLayer: (d) => o.onProgress?.(d, total) });
  const t1 = performance.now();
  let savedBytes = 0;
  for (const [owner] of pass.keptFor) if (owner !== 0) savedBytes += pass.values[owner]!.byteLength;
  savedBytes += tracker.liveOf('saved');
  // Training writes the loss gradient over the output buffer: keep a copy (outside the tracker,
  // as the loss' target is: the caller's, not the network's memory).
  const output = o.train ? pass.values[net.output]!.slice() : pass.values[net.output]!;
  let back: BackwardResult | null = null;
  let t2 = t1;
  let t3 = t1;
  if (o.train) {
    const target = new Float32Array(output.length); // the loss' target: not the network's memory
    fillUniform(target, random, 0, 1);
    back = backward(pass, target, (d) => o.onProgress?.(layerCount + d, total));
    t2 = performance.now();
    optimizer!.step(params.map((p) => ({ data: p.data, grad: p.grad! })));
    t3 = performance.now();
  }
  return { net, tracker, pass, inputNonFinite, output, backward: back, savedBytes, seconds: { forward: (t1 - t0) / 1000, backward: (t2 - t1) / 1000, step: (t3 - t2) / 1000 } };
}
