// Runs a case's network through the executor (exec/build.ts, forward.ts, backward.ts) and records
// what each layer of one kind was given and gave, by wrapping that kind's reference kernel: its
// inputs as they were before it ran (an in-place layer writes over them), its parameters, the
// uniform draws it made, and its output. Also the training step's gradients against central
// differences of the executor's loss, 0.5/B * sum (y - t)^2.

import { vi } from 'vitest';
import type { Analysis } from '../../src/analysis/analyze.js';
import { backward } from '../../src/exec/backward.js';
import { buildNetwork, type ExecLayer, type ExecNetwork } from '../../src/exec/build.js';
import { forward } from '../../src/exec/forward.js';
import type { KernelPair } from '../../src/exec/kernels/kernel.js';
import { REFERENCE_KERNELS } from '../../src/exec/kernels/registry.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom, fillUniform, type Random } from '../../src/exec/random.js';
import { size } from '../../src/exec/tensor.js';
import { definitionOf } from '../../src/layers/index.js';
import type { LayerKind, ParamName } from '../../src/layers/types.js';
import { checkGradients } from '../exec/gradcheck.js';
import type { NaiveCall, Tensor } from './case.js';

export const BATCH = 2;
/** The forward pass' generator: the same seed in every pass gives dropout the same mask. */
const FORWARD_SEED = 5;

/** He initialisation leaves biases at 0 and BN's tensors at 0 and 1: random values there too, so
 *  that a reference reading one at the wrong index fails. Positive where they scale. */
function randomiseConstants(analysis: Analysis, net: ExecNetwork, random: Random): void {
  net.layers.forEach((l, id) => {
    const a = analysis.layers[id]!;
    definitionOf(a.layer).parameters(a.layer.args, a.input, a.output).forEach((spec, i) => {
      const positive = spec.name === 'weight' || spec.name === 'running_var';
      if (spec.fanIn === 0) fillUniform(l.params[i]!.data, random, positive ? 0.5 : -0.5, positive ? 1.5 : 0.5);
    });
  });
}

export interface Built {
  readonly net: ExecNetwork;
  readonly input: Float32Array;
}

export function build(analysis: Analysis): Built {
  const net = buildNetwork(analysis, new Tracker(), createRandom(3));
  randomiseConstants(analysis, net, createRandom(4));
  const input = new Float32Array(BATCH * size(net.layers[0]!.out));
  const normals = createRandom(6);
  for (let i = 0; i < input.length; i++) input[i] = normals.normal(); // N(0, 1) inputs
  return { net, input };
}

export interface LayerRun {
  readonly layer: ExecLayer;
  /** What the naive reference needs (its `uniform` replays the draws the kernel made). */
  readonly call: NaiveCall<LayerKind>;
  readonly output: Float32Array;
}

const inputsOf = (call: { readonly layer: ExecLayer; readonly xs: readonly Float32Array[]; readonly batch: number }): Tensor[] =>
  call.layer.inDims.map((d, i) => ({ ...d, data: call.xs[i]!.slice(0, call.batch * size(d)) }));

/** `random`, remembering the uniform draws it gives. */
function recording(random: Random, draws: number[]): Random {
  return {
    next: () => {
      const u = random.next();
      draws.push(u);
      return u;
    },
    normal: () => random.normal(),
  };
}

/** The first layer is the pass' argument, which no kernel computes: its output is the batch itself. */
function batchRun(net: ExecNetwork, input: Float32Array, train: boolean): LayerRun {
  const layer = net.layers[0]!;
  const inputs = [{ ...layer.out, data: input.slice() }];
  return { layer, call: { args: layer.layer.args, batch: BATCH, train, inputs, params: {}, uniform: () => Number.NaN }, output: input.slice() };
}

/** One forward pass of `built`, recording every layer of `kind`. */
export function recordForward({ net, input }: Built, kind: LayerKind, train: boolean): LayerRun[] {
  const pair = REFERENCE_KERNELS[kind] as unknown as KernelPair<LayerKind>;
  const original = pair.forward;
  const runs: LayerRun[] = [];
  const spy = vi.spyOn(pair, 'forward').mockImplementation((call) => {
    if (call.layer.layer.kind !== kind) return original(call); // a backend may share one pair between kinds
    const inputs = inputsOf(call);
    const params = Object.fromEntries(call.layer.params.map((p) => [p.name, p.data.slice()])) as Record<ParamName, Float32Array>;
    const draws: number[] = [];
    const done = original({ ...call, random: recording(call.random, draws) });
    let replayed = 0;
    const uniform = (): number => draws[replayed++]!;
    runs.push({ layer: call.layer, call: { args: call.layer.layer.args, batch: call.batch, train, inputs, params, uniform }, output: call.y.slice() });
    return done;
  });
  try {
    if (net.layers[0]!.layer.kind === kind) runs.push(batchRun(net, input, train));
    forward(net, input, BATCH, { train, tracker: new Tracker(), random: createRandom(FORWARD_SEED) });
  } finally {
    spy.mockRestore();
  }
  return runs;
}

/** A training step's gradients of every trainable parameter (the first layer's, and the kind's own)
 *  against central differences of the loss: the kind's backward kernel carries the gradient that
 *  reaches the layers before it. */
export function checkStepGradients(source: string, { net, input }: Built): void {
  const step = (): ReturnType<typeof forward> => forward(net, input, BATCH, { train: true, tracker: new Tracker(), random: createRandom(FORWARD_SEED) });
  const pass = step();
  const target = new Float32Array(pass.values[net.output]!.length);
  fillUniform(target, createRandom(7), 0, 1);
  backward(pass, target);
  const loss = (): number => {
    const y = step().values[net.output]!;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (0.5 * (y[i]! - target[i]!) ** 2) / BATCH;
    return s;
  };
  const params = net.layers.flatMap((l) => l.params.filter((p) => p.trainable));
  checkGradients(source, params.map((p) => p.data), params.map((p) => p.grad!), loss, { eps: 1e-3, tolerance: 3e-2, samples: 8 });
}
