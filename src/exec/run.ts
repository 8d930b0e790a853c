// cnncalc run's work: the forward pass (inference) of a network on a given input batch, with
// weights from a file's tensors (weights.ts) or seeded random ones. The input must be
// [N, C, H, W] float32 matching the network's INPUT; the output is [N, C, H, W] of the last layer.

import type { Analysis } from '../analysis/analyze.js';
import { nonFiniteOfRun, type NonFiniteTensor } from './nonfinite.js';
import { runSession } from './session.js';
import { loadWeights, type NamedTensor } from './weights.js';

export class InputShapeError extends Error {
  override readonly name = 'InputShapeError';
}

export interface RunOptions {
  readonly input: { readonly shape: readonly number[]; readonly data: Float32Array };
  readonly weights?: ReadonlyMap<string, NamedTensor>;
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RunResult {
  readonly shape: number[];
  readonly data: Float32Array;
  readonly seconds: number;
  /** Weights, input and output tensors holding NaN or infinities (for warnings). */
  readonly nonFinite: readonly NonFiniteTensor[];
}

/** The network's input shape, [C, H, W]. */
export function inputShape(analysis: Analysis): number[] {
  const s = analysis.layers[0]!.output;
  return [s.depth, s.height, s.width];
}

/** Throws InputShapeError unless `shape` is [N, C, H, W] of the network's input with N >= 1;
 *  callers check it before the memory guard, whose budget needs a batch of at least 1. */
export function checkInputShape(analysis: Analysis, shape: readonly number[]): void {
  const [C, H, W] = inputShape(analysis);
  const takes = `the network takes [N, ${C}, ${H}, ${W}] (N, C, H, W with N >= 1)`;
  if (shape.length !== 4 || shape[1] !== C || shape[2] !== H || shape[3] !== W) {
    throw new InputShapeError(`the input has shape [${shape.join(', ')}]; ${takes}`);
  }
  if (!(shape[0]! >= 1)) throw new InputShapeError(`the input has shape [${shape.join(', ')}], a batch of no images; ${takes}`);
}

export function runNetwork(analysis: Analysis, o: RunOptions): RunResult {
  checkInputShape(analysis, o.input.shape);
  const batch = o.input.shape[0]!;
  const weights = o.weights;
  const s = runSession(analysis, {
    batch, seed: o.seed, train: false, optimizer: 'sgd', input: o.input.data,
    ...(weights ? { load: (net) => loadWeights(net, weights) } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const out = s.net.layers[s.net.output]!.out;
  const nonFinite = nonFiniteOfRun(analysis, s);
  return { shape: [batch, out.c, out.h, out.w], data: s.output, seconds: s.seconds.forward, nonFinite };
}
