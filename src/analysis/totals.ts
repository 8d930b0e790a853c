// Totals over the network. `activations` and `bytes` count every layer's output, INPUT excluded
// (as PyTorch hooks see them); the *WithInput figures add the input image, as the cs231n table does.

import { sumOf } from '../util/exact.js';

/** The figures that add up over layers: a block's subtotals, the network's totals. */
export interface Subtotals {
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  /** Non-trainable state (BN's running statistics), apart from params. */
  readonly buffers: number;
  readonly macs: number;
  readonly flops: number;
  readonly activations: number;
  readonly bytes: number;
}

type Counted = Subtotals & { readonly layer: { readonly kind: string } };

export interface Totals extends Subtotals {
  readonly activationsWithInput: number;
  readonly bytesWithInput: number;
  /** Layers after INPUT. */
  readonly layers: number;
}

const total = (key: keyof Subtotals, layers: readonly Subtotals[]): number => sumOf(key, layers, (l) => l[key]);

/** Exact sums of every figure over `layers`. */
export function subtotalsOf(layers: readonly Subtotals[]): Subtotals {
  return {
    weights: total('weights', layers),
    biases: total('biases', layers),
    params: total('params', layers),
    buffers: total('buffers', layers),
    macs: total('macs', layers),
    flops: total('flops', layers),
    activations: total('activations', layers),
    bytes: total('bytes', layers),
  };
}

export function computeTotals(layers: readonly Counted[]): Totals {
  const after = layers.filter((l) => l.layer.kind !== 'input');
  return {
    ...subtotalsOf(after),
    activationsWithInput: total('activations', layers),
    bytesWithInput: total('bytes', layers),
    layers: after.length,
  };
}
