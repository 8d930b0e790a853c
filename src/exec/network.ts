// The executable network's shape as data: each layer with its kernel plan's geometry and its
// parameter tensors (build.ts makes it from an Analysis; the kernels read it).

import type { Analysis } from '../analysis/analyze.js';
import type { ParamName, ResolvedLayer } from '../layers/types.js';
import type { Win } from './kernels/im2col.js';
import type { Dims } from './tensor.js';

/** A sliding window's work: input C x H x W, k outputs in g groups, the windows per side, the output size. */
export interface ConvGeometry {
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly k: number;
  readonly g: number;
  readonly wh: Win;
  readonly ww: Win;
  readonly outH: number;
  readonly outW: number;
}

export interface ParamTensor {
  readonly name: ParamName;
  /** PyTorch's shape for this tensor (the kind's declaration). */
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** Weights and biases train; BN's running statistics are buffers. */
  readonly trainable: boolean;
  grad: Float32Array | null;
}

export interface ExecLayer {
  readonly id: number;
  readonly layer: ResolvedLayer;
  readonly inputs: readonly number[];
  readonly inDims: readonly Dims[];
  readonly out: Dims;
  /** CONV and LOCAL geometry; POOL uses the same fields, k being its depth and g 1. */
  readonly geometry: ConvGeometry | null;
  /** The tensors it computes with: its own, or those of the layer it shares them with. */
  readonly params: readonly ParamTensor[];
  /** The layer whose parameters it uses (a later use of a `let shared` binding), or null. */
  readonly shares: number | null;
  /** im2col elements per image (CONV only). */
  readonly columns: number;
}

/** The parameter tensors a layer owns: none when it shares another layer's (counted, named,
 *  loaded and stepped there, once). */
export function ownParams(l: ExecLayer): readonly ParamTensor[] {
  return l.shares === null ? l.params : [];
}

export interface ExecNetwork {
  /** What it was built from: the autograd plan is made from the analysis (training/plan.ts). */
  readonly analysis: Analysis;
  readonly layers: readonly ExecLayer[];
  readonly output: number;
}
