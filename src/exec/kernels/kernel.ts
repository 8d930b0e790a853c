// The kernel interface: what the executor's forward and backward passes (exec/forward.ts,
// exec/backward.ts) ask of a layer kind, and what a backend provides for every kind
// (kernels/registry.ts holds the reference TypeScript backend; a WebAssembly one implements the same
// record). A kind's pair plans its work from the layer's arguments and the dimensions its inputs
// actually have (the output dims come from its own loop bounds, so verify checks them against the
// analysis), runs forward, and turns its output gradient into its parameters' and inputs' gradients.

import type { LayerKind, ParamName, ResolvedLayer } from '../../layers/types.js';
import type { ExecLayer, ParamTensor } from '../network.js';
import type { StepUpdate } from '../optim/optimizers.js';
import type { Tracker } from '../memory.js';
import type { Random } from '../random.js';
import type { Dims } from '../tensor.js';
import type { ConvGeometry } from '../network.js';

/** An ExecLayer of kind K, its arguments typed. */
export type KindLayer<K extends LayerKind> = ExecLayer & { readonly layer: Extract<ResolvedLayer, { kind: K }> };

/** How a layer lays out its work: output dims, window geometry (CONV, LOCAL, POOL), and im2col
 *  column elements per image (the workspace). */
export interface KernelPlan {
  readonly out: Dims;
  readonly geometry: ConvGeometry | null;
  readonly columns: number;
}

/** The tensors of its own a layer keeps for backward (allocated as 'saved' through the tracker),
 *  and what its forward found that the backward may use (a fact, not memory). */
export interface Saved {
  readonly f32?: Float32Array;
  readonly i32?: Int32Array;
  readonly u8?: Uint8Array;
  /** FC: every output was finite, and so were its inputs and weights (kernels/fc.ts). */
  readonly finite?: boolean;
}

/** Saved's tensors, for the tracker to release. */
export function savedTensors(s: Saved): (Float32Array | Int32Array | Uint8Array)[] {
  return [s.f32, s.i32, s.u8].filter((t) => t !== undefined);
}

/** What both passes hand a kernel: the layer, the batch, its inputs' and output's buffers. */
interface LayerCall<K extends LayerKind> {
  readonly layer: KindLayer<K>;
  readonly batch: number;
  /** One per input, [batch, C, H, W]. */
  readonly xs: readonly Float32Array[];
  /** The output buffer; an in-place layer's is its input's. */
  readonly y: Float32Array;
  /** The im2col columns of one image (CONV), shared by every layer. */
  readonly workspace: Float32Array | null;
}

export interface ForwardCall<K extends LayerKind> extends LayerCall<K> {
  readonly train: boolean;
  /** Its backward will run: keep what it reads. */
  readonly keeps: boolean;
  readonly tracker: Tracker;
  readonly random: Random;
}

export interface Forwarded {
  /** Multiply-accumulates done, whole batch (the kernels' loop bounds). */
  readonly macs: number;
  readonly saved?: Saved;
}

export interface BackwardCall<K extends LayerKind> extends LayerCall<K> {
  readonly dy: Float32Array;
  /** Per input: the buffer its gradient goes to, or null where no gradient is wanted. */
  readonly dxs: readonly (Float32Array | null)[];
  readonly saved: Saved;
  /** This pass has given the layer's parameters no gradient yet: a pair that declares
   *  writesGradients writes them rather than adding to them (backward.ts zeroes them for the rest). */
  readonly freshGradients: boolean;
  /** Set where the layer's parameters' gradients are final once its kernel has run (no other layer
   *  shares them): the optimizer step, which the kernel may take for a parameter itself, in the
   *  sweep that writes its gradient, and report by updated(p); backward.ts updates the others. */
  readonly step: KernelStep | null;
}

export interface KernelStep {
  readonly update: StepUpdate;
  updated(p: ParamTensor): void;
}

export interface KernelPair<K extends LayerKind> {
  plan(layer: Extract<ResolvedLayer, { kind: K }>, inDims: readonly Dims[]): KernelPlan;
  forward(call: ForwardCall<K>): Forwarded;
  /** Accumulates its parameters' gradients into ParamTensor.grad (or writes them: writesGradients)
   *  and writes dxs; returns the MACs. */
  backward(call: BackwardCall<K>): number;
  /** Its backward writes fresh gradients itself (BackwardCall.freshGradients). */
  readonly writesGradients?: true;
}

/** A backend: a kernel pair for every kind, or it does not compile. */
export type Kernels = { readonly [K in LayerKind]: KernelPair<K> };

export const NOTHING_SAVED: Saved = {};

export function param(layer: ExecLayer, name: ParamName): ExecLayer['params'][number] | undefined {
  return layer.params.find((p) => p.name === name);
}

/** A parameter the layer's kind always has (its declaration lists it). */
export function required(layer: ExecLayer, name: ParamName): ExecLayer['params'][number] {
  const p = param(layer, name);
  if (!p) throw new Error(`layer ${layer.id} has no ${name}`);
  return p;
}
