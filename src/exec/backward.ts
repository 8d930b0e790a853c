// The backward pass after a training forward pass: layers in reverse, each turning the gradient of
// its output into gradients of its parameters (ParamTensor.grad) and of its inputs,
// through its kind's kernels, from the tensors the forward pass kept (the plan's `kept`). Only the
// layers the autograd plan (training/plan.ts) differentiates are visited, and a gradient is formed
// only for an input that is differentiated (none for the input batch nor for the layers before the
// first with parameters). Gradients of activations are allocated as 'activationGradients' and
// released as soon as they are used, so the tracker's peak of that kind is the backward pass'
// transient memory. Every layer forms its input gradients in new buffers, as PyTorch's backward
// functions do (RELU's threshold_backward included).
// The loss is 0.5/B * sum (y - target)^2, whose gradient (y - target)/B starts the pass.
// A parameter's gradient is this pass' alone, as after PyTorch's zero_grad(): its first layer
// writes it (or it is zeroed first) and a layer sharing the parameter adds to it. Given the
// optimizer's step, each parameter is updated as soon as its gradient is final, after the last
// layer (the lowest id) that holds it: while that gradient is in cache, or by the kernel itself.

import type { LayerTimer } from './bench/timer.js';
import { kernelsOf, type ExecLayer } from './build.js';
import { keptBuffers, type Pass } from './forward.js';
import { savedTensors, type KernelStep } from './kernels/kernel.js';
import type { ParamTensor } from './network.js';
import type { StepUpdate } from './optim/optimizers.js';
import { size } from './tensor.js';
import { addFloats, zeroFloats } from './wasm/elementwise.js';

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

/** Which parameters this pass has given a gradient and updated, and after which layer each one's
 *  gradient is final. */
interface Gradients {
  readonly written: Set<ParamTensor>;
  readonly updated: Set<ParamTensor>;
  readonly finalAfter: Map<ParamTensor, number>;
  readonly step: StepUpdate | null;
}

function gradients(pass: Pass, step: StepUpdate | null): Gradients {
  const finalAfter = new Map<ParamTensor, number>();
  for (const l of pass.net.layers) for (const p of l.params) if (p.trainable && !finalAfter.has(p)) finalAfter.set(p, l.id);
  return { written: new Set(), updated: new Set(), finalAfter, step };
}

/** After layer l: its parameters whose gradient is now final are zeroed if no layer gave them one,
 *  and updated where the step is given and their kernel has not. */
function settle(g: Gradients, l: ExecLayer): void {
  for (const p of l.params) {
    if (!p.trainable || g.finalAfter.get(p) !== l.id) continue;
    if (!g.written.has(p)) {
      zeroFloats(p.grad!);
      g.written.add(p);
    }
    if (g.step && !g.updated.has(p)) {
      g.step.update({ data: p.data, grad: p.grad! });
      g.updated.add(p);
    }
  }
}

/**
 * `timer` (cnncalc bench) is begun once the loss' gradient is formed and told after each layer;
 * `step`, the optimizer's, updates every trainable parameter during the pass (the caller leaves
 * the updates' time out of the layers': LayerTimer.exclude).
 */
export function backward(
  pass: Pass, target: Float32Array, onLayer?: (done: number, total: number) => void, timer?: LayerTimer, step: StepUpdate | null = null,
): BackwardResult {
  const { net, batch, tracker } = pass;
  allocateGradients(pass);
  const g = gradients(pass, step);
  tracker.resetPeak('activationGradients');
  const n = net.layers.length;
  const grads: (Float32Array | null)[] = new Array(n).fill(null);
  const y = pass.values[net.output]!;
  // The output has served the loss once the gradient is formed: unless a backward pass reads it
  // (softmax, say), the gradient is written over it, so the two are never live together.
  const outOwner = pass.plan.owner[net.output]!;
  if (!pass.plan.differentiated[net.output]) {
    for (const l of net.layers) settle(g, l); // nothing trains: zero gradients
    return { loss: lossOnly(y, target, batch), macs: new Array<number>(n).fill(0) };
  }
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
  loss += seedSideOutputs(pass, grads);
  const macs = new Array<number>(n).fill(0);
  timer?.begin();
  for (let id = n - 1; id >= 1; id--) {
    const l = net.layers[id]!;
    const dy = grads[id];
    if (dy) macs[id] = layerBackward(pass, l, dy, grads, g);
    releaseKept(pass, l);
    settle(g, l);
    timer?.done(id);
    onLayer?.(n - id, n - 1);
  }
  return { loss, macs };
}

/** Side outputs join the loss with a target of zero (loss 0.5 * y^2 / batch, gradient y / batch),
 *  each gradient in a buffer of its own: the plan keeps the output until its layer's backward. */
function seedSideOutputs(pass: Pass, grads: (Float32Array | null)[]): number {
  let loss = 0;
  for (const id of pass.net.analysis.network.sideOutputs) {
    if (!pass.plan.differentiated[id]) continue;
    const y = pass.values[id]!;
    const dy = pass.tracker.f32('activationGradients', y.length);
    for (let i = 0; i < y.length; i++) {
      loss += (0.5 * y[i]! * y[i]!) / pass.batch;
      dy[i] = y[i]! / pass.batch;
    }
    deliver(pass, grads, id, dy);
  }
  return loss;
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
  addFloats(existing, existing, dx, dx.length);
  pass.tracker.release(dx);
}

function releaseKept(pass: Pass, l: ExecLayer): void {
  const { tracker } = pass;
  for (const own of savedTensors(pass.saved[l.id]!)) tracker.release(own);
  for (const o of keptBuffers(pass.plan, l.id)) {
    const left = (pass.keptFor.get(o) ?? 1) - 1;
    pass.keptFor.set(o, left);
    if (left === 0 && o !== 0) tracker.release(pass.values[o]!);
  }
}

/** Differentiates layer `l`: a gradient buffer for each differentiated input (budget/moments.ts
 *  counts the same buffers), its kernel, then the output gradient is freed and the inputs' delivered. */
function layerBackward(pass: Pass, l: ExecLayer, dy: Float32Array, grads: (Float32Array | null)[], g: Gradients): number {
  const { batch, tracker, plan } = pass;
  const dxs = l.inputs.map((i, j) => (plan.differentiated[i] ? tracker.f32('activationGradients', batch * size(l.inDims[j]!)) : null));
  const trainable = l.params.filter((p) => p.trainable);
  let macs = 0;
  if (trainable.length > 0 || dxs.some((dx) => dx !== null)) {
    const xs = l.inputs.map((i) => pass.values[i]!);
    const pair = kernelsOf(l.layer);
    const freshGradients = pair.writesGradients === true && trainable.length > 0 && trainable.every((p) => !g.written.has(p));
    if (!freshGradients) for (const p of trainable) if (!g.written.has(p)) zeroFloats(p.grad!);
    const final = g.step !== null && trainable.length > 0 && trainable.every((p) => g.finalAfter.get(p) === l.id);
    const step: KernelStep | null = final ? { update: g.step!, updated: (p) => g.updated.add(p) } : null;
    macs = pair.backward({ layer: l, batch, xs, y: pass.values[l.id]!, dy, dxs, saved: pass.saved[l.id]!, workspace: pass.workspace, freshGradients, step });
    for (const p of trainable) g.written.add(p);
  }
  tracker.release(dy);
  l.inputs.forEach((i, j) => dxs[j] && deliver(pass, grads, i, dxs[j]!));
  return macs;
}
