// What test/kinds/cases.ts holds for every layer kind: small networks that use it, and a naive
// reference of its forward pass. A reference is written from the textbook (or PyTorch's documented)
// formula with direct loops in float64, independently of src/exec/kernels: it shares no code with
// the kernels, only the tensor layout (src/exec/tensor.ts), which `cnncalc run` also reads.

import type { LayerArgs, LayerKind, ParamName } from '../../src/layers/types.js';
import type { RandomLayer } from './generate.js';

/** A batch of images, [batch, c, h, w] in row-major order (N,C,H,W). */
export interface Tensor {
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly data: Float32Array | Float64Array;
}

/** What a kind's layer was given in a forward pass: the reference computes its output from this. */
export interface NaiveCall<K extends LayerKind> {
  readonly args: LayerArgs[K];
  readonly batch: number;
  readonly train: boolean;
  /** One per input, in the order of the layer's inputs. */
  readonly inputs: readonly Tensor[];
  /** Its parameter tensors by name, in PyTorch's layout (layers/<kind>.ts `parameters`). */
  readonly params: Readonly<Partial<Record<ParamName, Float32Array>>>;
  /** The uniform draws in [0, 1) the forward pass made for this layer (dropout's), replayed in order. */
  readonly uniform: () => number;
}

export type Naive<K extends LayerKind> = (call: NaiveCall<K>) => Tensor;

export interface KindCase<K extends LayerKind> {
  /** Networks in the notation that contain the kind, covering its argument variants. Each puts a
   *  trainable layer (a CONV(f=1) keeps the shape) before the kind, so that a training step
   *  differentiates it (training/plan.ts differentiates nothing before the first trainable layer). */
  readonly networks: readonly string[];
  readonly naive: Naive<K>;
  /** Its entries in the random-network property generator (test/exec/random-network.ts): each writes
   *  a random layer of this kind (or a small block that uses it) that fits the running shape. */
  readonly random: readonly RandomLayer[];
}

/** Element (b, c, y, x) of a tensor. */
export function at(t: Tensor, b: number, c: number, y: number, x: number): number {
  return t.data[((b * t.c + c) * t.h + y) * t.w + x]!;
}

/** A tensor of the given dims for `batch` images, filled by `value(b, c, y, x)`. */
export function tensorOf(batch: number, c: number, h: number, w: number, value: (b: number, c: number, y: number, x: number) => number): Tensor {
  const data = new Float64Array(batch * c * h * w);
  let i = 0;
  for (let b = 0; b < batch; b++) for (let k = 0; k < c; k++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[i++] = value(b, k, y, x);
  return { c, h, w, data };
}
