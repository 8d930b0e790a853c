// The backward pass after a training forward pass: layers in reverse, each turning the gradient of
// its output into gradients of its parameters (accumulated into ParamTensor.grad) and of its inputs,
// from the tensors the forward pass kept (forward.ts keptBy). Only the layers budget/autograd.ts's
// plan differentiates are visited, and a gradient is formed only for an input that is differentiated
// (none for the input batch nor for the layers before the first with parameters). Gradients of activations are allocated as
// 'activationGradients' and released as soon as they are used, so the tracker's peak of that kind
// is the backward pass' transient memory. Every layer forms its input gradient in a new buffer, as
// PyTorch's backward functions do (RELU's threshold_backward included).
// The loss is 0.5/B * sum (y - target)^2, whose gradient (y - target)/B starts the pass.

import { param, type ExecLayer } from './build.js';
import { keptBy, type Pass } from './forward.js';
import { activationBackward } from './kernels/activations.js';
import { bnBackward } from './kernels/bn.js';
import { convBackward } from './kernels/conv.js';
import { dropoutBackward } from './kernels/dropout.js';
import { fcBackward } from './kernels/fc.js';
import { localBackward } from './kernels/local.js';
import { lrnBackward } from './kernels/lrn.js';
import { concatBackward } from './kernels/merge.js';
import { poolBackward } from './kernels/pool.js';
import { softmaxBackward } from './kernels/softmax.js';
import { size } from './tensor.js';

export interface BackwardResult {
  readonly loss: number;
  /** Per layer id, whole batch: multiply-accumulates of the backward kernels. */
  readonly macs: number[];
}

/** Allocates zeroed gradients for every trainable parameter (once). */
export function allocateGradients(pass: Pass): void {
  for (const l of pass.net.layers) {
    for (const p of l.params) if (p.trainable && !p.grad) p.grad = pass.tracker.f32('gradients', p.data.length);
  }
}

export function backward(pass: Pass, target: Float32Array, onLayer?: (done: number, total: number) => void): BackwardResult {
  const { net, batch, tracker } = pass;
  allocateGradients(pass);
  tracker.resetPeak('activationGradients');
  const n = net.layers.length;
  const grads: (Float32Array | null)[] = new Array(n).fill(null);
  const y = pass.values[net.output]!;
  // The output has served the loss once the gradient is formed: unless a backward pass reads it
  // (softmax, say), the gradient is written over it, so the two are never live together.
  const outOwner = pass.owner[net.output]!;
  if (!pass.differentiated[net.output]) return { loss: lossOnly(y, target, batch), macs: new Array<number>(n).fill(0) }; // nothing trains
  const reuse = !pass.keptFor.get(outOwner) && y === pass.values[outOwner];
  const dy = reuse ? y : tracker.f32('activationGradients', y.length);
  if (reuse) tracker.retag(y, 'activationGradients');
  let loss = 0;
  for (let i = 0; i < y.length; i++) {
    const d = y[i]! - target[i]!;
    loss += (0.5 * d * d) / batch;
    dy[i] = d / batch;
  }
  grads[net.output] = dy;
  const macs = new Array<number>(n).fill(0);
  for (let id = n - 1; id >= 1; id--) {
    const l = net.layers[id]!;
    const g = grads[id];
    if (g) macs[id] = layerBackward(pass, l, g, grads);
    releaseKept(pass, l);
    onLayer?.(n - id, n - 1);
  }
  return { loss, macs };
}

function lossOnly(y: Float32Array, target: Float32Array, batch: number): number {
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss += (0.5 * (y[i]! - target[i]!) ** 2) / batch;
  return loss;
}

/** Gives `dx` to input i: stored, or added to the gradient another branch already gave. */
function deliver(pass: Pass, grads: (Float32Array | null)[], i: number, dx: Float32Array): void {
  const existing = grads[i];
  if (!existing) {
    grads[i] = dx;
    return;
  }
  for (let j = 0; j < dx.length; j++) existing[j] = existing[j]! + dx[j]!;
  pass.tracker.release(dx);
}

function releaseKept(pass: Pass, l: ExecLayer): void {
  const { tracker } = pass;
  for (const saved of [pass.indices[l.id], pass.scale[l.id], pass.mask[l.id]]) if (saved) tracker.release(saved);
  for (const o of keptBy(pass, l)) {
    const left = (pass.keptFor.get(o) ?? 1) - 1;
    pass.keptFor.set(o, left);
    if (left === 0 && o !== 0) tracker.release(pass.values[o]!);
  }
}

function layerBackward(pass: Pass, l: ExecLayer, dy: Float32Array, grads: (Float32Array | null)[]): number {
  const { batch, tracker } = pass;
  const inputId = l.inputs[0]!;
  // A gradient only where one is needed (budget/moments.ts counts the same buffers).
  const wantsDx = pass.differentiated[inputId]!;
  const dims = l.inDims[0]!;
  const inCount = batch * size(dims);
  const HW = dims.h * dims.w;
  const x = pass.values[inputId]!;
  const out = pass.values[l.id]!;
  const w = param(l, 'weight');
  const b = param(l, 'bias');
  const newDx = (): Float32Array => tracker.f32('activationGradients', inCount);
  let macs = 0;
  let dx: Float32Array | null = null;
  switch (l.layer.kind) {
    case 'conv':
      dx = wantsDx ? newDx() : null;
      macs = convBackward(l.geometry!, batch, x, w!.data, dy, w!.grad!, b?.grad ?? null, dx, pass.workspace!);
      break;
    case 'local':
      dx = wantsDx ? newDx() : null;
      macs = localBackward(l.geometry!, batch, x, w!.data, dy, w!.grad!, b?.grad ?? null, dx);
      break;
    case 'fc':
      dx = wantsDx ? newDx() : null;
      macs = fcBackward(batch, size(dims), l.layer.args.n, x, w!.data, dy, w!.grad!, b!.grad!, dx);
      break;
    case 'pool':
      if (!wantsDx) break;
      dx = newDx();
      poolBackward(l.geometry!, l.layer.args.mode, batch, dy, dx, pass.indices[l.id] ?? null, x, out);
      break;
    case 'relu':
    case 'tanh':
    case 'sigmoid':
      if (!wantsDx) break;
      dx = newDx();
      activationBackward(l.layer.kind, inCount, out, dy, dx);
      break;
    case 'softmax':
      if (!wantsDx) break;
      dx = newDx();
      softmaxBackward(batch, dims.c, HW, out, dy, dx);
      break;
    case 'lrn':
      if (!wantsDx) break;
      dx = newDx();
      lrnBackward(l.layer.args, batch, dims.c, HW, x, pass.scale[l.id]!, dy, dx);
      break;
    case 'dropout':
      if (!wantsDx) break;
      dx = newDx();
      dropoutBackward(l.layer.args.p, inCount, dy, pass.mask[l.id]!, dx);
      break;
    case 'bn':
      dx = wantsDx ? newDx() : null;
      bnBackward(batch, dims.c, HW, x, w!.data, dy, w!.grad!, b!.grad!, dx);
      break;
    case 'concat': {
      const parts = l.inputs.map((i, j) => (!pass.differentiated[i] ? null : tracker.f32('activationGradients', batch * size(l.inDims[j]!))));
      concatBackward(batch, HW, l.inDims.map((d) => d.c), dy, parts.map((p, j) => p ?? new Float32Array(batch * size(l.inDims[j]!))));
      l.inputs.forEach((i, j) => parts[j] && deliver(pass, grads, i, parts[j]!));
      tracker.release(dy);
      return 0;
    }
    case 'add':
      l.inputs.forEach((i) => {
        if (!pass.differentiated[i]) return;
        const copy = tracker.f32('activationGradients', dy.length);
        copy.set(dy);
        deliver(pass, grads, i, copy);
      });
      tracker.release(dy);
      return 0;
    case 'input':
      return 0;
  }
  tracker.release(dy);
  if (dx) deliver(pass, grads, inputId, dx);
  return macs;
}
