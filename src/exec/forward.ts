// The forward pass over an ExecNetwork, by the autograd plan (training/plan.ts), with honest
// counters: MACs as the kernels return them (their loop bounds), activation bytes as the sizes of
// the output buffers they wrote, workspace as the column elements im2col filled. Buffers live only
// as long as needed: an output is released once every layer reading it has run, unless the backward
// pass needs it (what the plan says each differentiated layer keeps, as PyTorch's autograd saves).
// Which layers write over their input (the input batch included: the session owns it) and which are
// differentiated is the plan's, the one the budget predicts with.

import { isBuffer, planTraining, type TrainingPlan } from '../training/plan.js';
import { kernelsOf, type ExecLayer, type ExecNetwork } from './build.js';
import type { LayerTimer } from './bench/timer.js';
import { NOTHING_SAVED, type Saved } from './kernels/kernel.js';
import type { Tracker } from './memory.js';
import type { Random } from './random.js';
import { size } from './tensor.js';

/** The buffers (owners) layer `id`'s backward pass reads, when it is differentiated. */
export function keptBuffers(plan: TrainingPlan, id: number): number[] {
  return plan.kept[id]!.filter(isBuffer).map((t) => t.buffer);
}

export interface Pass {
  readonly net: ExecNetwork;
  readonly plan: TrainingPlan;
  readonly batch: number;
  readonly train: boolean;
  readonly tracker: Tracker;
  readonly random: Random;
  /** Per layer id: the tensor holding its output (in place: its input's buffer). */
  readonly values: (Float32Array | null)[];
  /** Per layer id: the tensors of its own it keeps for backward (max-pool indices, LRN scale, dropout mask). */
  readonly saved: Saved[];
  /** Owners whose buffers the backward pass reads, with how many layers read each. */
  readonly keptFor: Map<number, number>;
  workspace: Float32Array | null;
  /** Measured per layer id, whole batch: MACs, output bytes, and im2col elements per image. */
  readonly macs: number[];
  readonly outputBytes: number[];
  readonly columns: number[];
}

export interface ForwardOptions {
  readonly train: boolean;
  readonly tracker: Tracker;
  readonly random: Random;
  /** The autograd plan (verify hands the budget the same one); by default made for `train`. */
  readonly plan?: TrainingPlan;
  /** Called after each layer: (layers done, layers in all). */
  readonly onLayer?: (done: number, total: number) => void;
  /** Times each layer (cnncalc bench): begun after the pass' setup, told after each layer. */
  readonly timer?: LayerTimer;
}

function newPass(net: ExecNetwork, batch: number, o: ForwardOptions): Pass {
  const n = net.layers.length;
  const plan = o.plan ?? planTraining(net.analysis.layers, { training: o.train, sideOutputs: net.analysis.network.sideOutputs });
  return {
    net, plan, batch, train: o.train, tracker: o.tracker, random: o.random,
    values: new Array(n).fill(null), saved: new Array(n).fill(NOTHING_SAVED), keptFor: new Map(), workspace: null,
    macs: new Array(n).fill(0), outputBytes: new Array(n).fill(0), columns: new Array(n).fill(0),
  };
}

/** Runs the network on `input` ([batch, C, H, W], owned by the caller). */
export function forward(net: ExecNetwork, input: Float32Array, batch: number, options: ForwardOptions): Pass {
  const pass = newPass(net, batch, options);
  const { tracker, plan } = pass;
  const maxColumns = net.layers.reduce((m, l) => Math.max(m, l.columns), 0);
  if (maxColumns > 0) pass.workspace = tracker.f32('workspace', maxColumns);
  pass.values[0] = input;
  pass.outputBytes[0] = batch * size(net.layers[0]!.out) * 4;
  const remaining = new Map<number, number>();
  for (const l of net.layers) {
    for (const i of l.inputs) remaining.set(plan.owner[i]!, (remaining.get(plan.owner[i]!) ?? 0) + 1);
    for (const o of keptBuffers(plan, l.id)) pass.keptFor.set(o, (pass.keptFor.get(o) ?? 0) + 1);
  }
  options.timer?.begin();
  for (const l of net.layers) {
    if (l.id === 0) continue;
    const y = plan.inPlace[l.id] ? pass.values[l.inputs[0]!]! : tracker.f32('activations', batch * size(l.out));
    pass.values[l.id] = y;
    pass.outputBytes[l.id] = y.byteLength; // the buffer the layer wrote (in place: its input's)
    runLayer(pass, l, y);
    for (const i of l.inputs) {
      const o = plan.owner[i]!;
      const left = remaining.get(o)! - 1;
      remaining.set(o, left);
      if (left === 0 && o !== 0 && o !== plan.owner[net.output] && !pass.keptFor.has(o)) tracker.release(pass.values[o]!);
    }
    options.timer?.done(l.id);
    options.onLayer?.(l.id, net.layers.length - 1);
  }
  return pass;
}

function runLayer(pass: Pass, l: ExecLayer, y: Float32Array): void {
  const { batch, tracker, train, random, workspace } = pass;
  const xs = l.inputs.map((i) => pass.values[i]!);
  const keeps = pass.plan.differentiated[l.id]!; // its backward will run: keep what it reads
  const done = kernelsOf(l.layer).forward({ layer: l, batch, xs, y, train, keeps, workspace, tracker, random });
  pass.macs[l.id] = done.macs;
  pass.saved[l.id] = done.saved ?? NOTHING_SAVED;
  pass.columns[l.id] = l.columns;
}
