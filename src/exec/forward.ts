// The forward pass over an ExecNetwork, with honest counters: MACs as the kernels return them (their
// loop bounds), activation bytes as the sizes of the output buffers they wrote, workspace as the
// column elements im2col filled. Buffers live only as long as needed: an output is released once
// every layer reading it has run, unless the backward pass needs it (training: what
// budget/autograd.ts's backwardReads lists for the layers it differentiates, as PyTorch's autograd
// saves). Which RELUs write over their input (the input batch included: the session owns it) and
// which layers are differentiated is budget/autograd.ts's plan, the one the budget predicts with.

import { autogradPlan, backwardReads } from '../budget/autograd.js';
import type { ExecLayer, ExecNetwork } from './build.js';
import { param } from './build.js';
import { activationForward } from './kernels/activations.js';
import { bnForward } from './kernels/bn.js';
import { convForward } from './kernels/conv.js';
import { dropoutForward } from './kernels/dropout.js';
import { fcForward } from './kernels/fc.js';
import { localForward } from './kernels/local.js';
import { lrnForward } from './kernels/lrn.js';
import { addForward, concatForward } from './kernels/merge.js';
import { poolForward } from './kernels/pool.js';
import { softmaxForward } from './kernels/softmax.js';
import type { Tracker } from './memory.js';
import type { Random } from './random.js';
import { size } from './tensor.js';

/** The buffers (owners) layer `l`'s backward pass reads, when it is differentiated. */
export function keptBy(pass: Pass, l: ExecLayer): number[] {
  if (!pass.differentiated[l.id]) return [];
  const reads = backwardReads(l.layer);
  return [...(reads.input ? [pass.owner[l.inputs[0]!]!] : []), ...(reads.output ? [pass.owner[l.id]!] : [])];
}

export interface Pass {
  readonly net: ExecNetwork;
  readonly batch: number;
  readonly train: boolean;
  readonly tracker: Tracker;
  readonly random: Random;
  /** Per layer id: the tensor holding its output (RELU in place: its input's buffer). */
  readonly values: (Float32Array | null)[];
  /** Per layer id: the id of the layer that allocated the buffer its output lives in. */
  readonly owner: readonly number[];
  /** Per layer id: the backward pass differentiates it (training, from the first trainable layer on). */
  readonly differentiated: readonly boolean[];
  readonly indices: (Int32Array | null)[];
  readonly scale: (Float32Array | null)[];
  readonly mask: (Uint8Array | null)[];
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
  /** Called after each layer: (layers done, layers in all). */
  readonly onLayer?: (done: number, total: number) => void;
}

/** Runs the network on `input` ([batch, C, H, W], owned by the caller). */
export function forward(net: ExecNetwork, input: Float32Array, batch: number, options: ForwardOptions): Pass {
  const { tracker, train, random } = options;
  const n = net.layers.length;
  const plan = autogradPlan(net.layers, train);
  const pass: Pass = {
    net, batch, train, tracker, random,
    values: new Array(n).fill(null), owner: plan.owner, differentiated: plan.differentiated,
    indices: new Array(n).fill(null), scale: new Array(n).fill(null), mask: new Array(n).fill(null),
    keptFor: new Map(), workspace: null,
    macs: new Array(n).fill(0), outputBytes: new Array(n).fill(0), columns: new Array(n).fill(0),
  };
  const maxColumns = net.layers.reduce((m, l) => Math.max(m, l.columns), 0);
  if (maxColumns > 0) pass.workspace = tracker.f32('workspace', maxColumns);
  pass.values[0] = input;
  pass.outputBytes[0] = batch * size(net.layers[0]!.out) * 4;
  const remaining = new Map<number, number>();
  for (const l of net.layers) {
    for (const i of l.inputs) remaining.set(pass.owner[i]!, (remaining.get(pass.owner[i]!) ?? 0) + 1);
    for (const o of keptBy(pass, l)) pass.keptFor.set(o, (pass.keptFor.get(o) ?? 0) + 1);
  }
  for (const l of net.layers) {
    if (l.id === 0) continue;
    const inPlace = pass.owner[l.id] !== l.id;
    const count = batch * size(l.out);
    const y = inPlace ? pass.values[l.inputs[0]!]! : tracker.f32('activations', count);
    pass.values[l.id] = y;
    pass.outputBytes[l.id] = y.byteLength; // the buffer the layer wrote (in place: its input's)
    pass.macs[l.id] = runLayer(pass, l, y);
    for (const i of l.inputs) {
      const o = pass.owner[i]!;
      const left = remaining.get(o)! - 1;
      remaining.set(o, left);
      if (left === 0 && o !== 0 && o !== pass.owner[net.output] && !pass.keptFor.has(o)) tracker.release(pass.values[o]!);
    }
    options.onLayer?.(l.id, n - 1);
  }
  return pass;
}

function runLayer(pass: Pass, l: ExecLayer, y: Float32Array): number {
  const { batch, tracker, train } = pass;
  const keeps = pass.differentiated[l.id]!; // its backward will run: keep what it reads
  const xs = l.inputs.map((i) => pass.values[i]!);
  const x = xs[0]!;
  const dims = l.inDims[0]!;
  const HW = dims.h * dims.w;
  const count = batch * size(l.out);
  const weight = param(l, 'weight')?.data ?? new Float32Array(0);
  const bias = param(l, 'bias')?.data ?? null;
  const geo = l.geometry!;
  const kind = l.layer.kind;
  switch (l.layer.kind) {
    case 'conv':
      pass.columns[l.id] = l.columns;
      return convForward(geo, batch, x, weight, bias, y, pass.workspace!);
    case 'local':
      return localForward(geo, batch, x, weight, bias, y);
    case 'fc':
      return fcForward(batch, size(dims), l.layer.args.n, x, weight, bias!, y);
    case 'pool': {
      const max = l.layer.args.mode === 'max';
      const indices = max && keeps ? tracker.i32('saved', count) : null;
      pass.indices[l.id] = indices;
      poolForward(geo, l.layer.args.mode, batch, x, y, indices);
      return 0;
    }
    case 'relu':
    case 'tanh':
    case 'sigmoid':
      activationForward(kind as 'relu', count, x, y);
      return 0;
    case 'softmax':
      softmaxForward(batch, dims.c, HW, x, y);
      return 0;
    case 'lrn': {
      // Without a backward the scale is written over the output, element by element, before it is used.
      const scale = keeps ? tracker.f32('saved', count) : y;
      lrnForward(l.layer.args, batch, dims.c, HW, x, y, scale);
      if (keeps) pass.scale[l.id] = scale;
      return 0;
    }
    case 'dropout':
      if (!train) {
        y.set(x.subarray(0, count));
        return 0;
      }
      // Training drops elements whether or not a gradient reaches the layer; only then is the mask kept.
      pass.mask[l.id] = keeps ? tracker.u8('saved', count) : null;
      dropoutForward(l.layer.args.p, count, x, y, pass.mask[l.id] ?? null, pass.random);
      return 0;
    case 'bn':
      bnForward(train, batch, dims.c, HW, x, weight, bias!, param(l, 'running_mean')!.data, param(l, 'running_var')!.data, y);
      return 0;
    case 'concat':
      concatForward(batch, HW, l.inDims.map((d) => d.c), xs, y);
      return 0;
    case 'add':
      addForward(count, xs, y);
      return 0;
    case 'input':
      return 0;
  }
}
