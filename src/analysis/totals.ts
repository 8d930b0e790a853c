// Totals over the network. `activations` and `bytes` count every layer's output, INPUT excluded
// (as PyTorch hooks see them); the *WithInput figures add the input image, as the cs231n table does.

import { sum } from '../util/exact.js';

interface Counted {
  readonly layer: { readonly kind: string };
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  readonly buffers: number;
  readonly macs: number;
  readonly flops: number;
  readonly activations: number;
  readonly bytes: number;
}

export interface Totals {
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
  /** Non-trainable state (BN's running statistics), apart from params. */
  readonly buffers: number;
  readonly macs: number;
  readonly flops: number;
  readonly activations: number;
  readonly bytes: number;
  readonly activationsWithInput: number;
  readonly bytesWithInput: number;
  /** Layers after INPUT. */
  readonly layers: number;
}

export function computeTotals(layers: readonly Counted[]): Totals {
  const after = layers.filter((l) => l.layer.kind !== 'input');
  const total = (key: keyof Omit<Counted, 'layer'>, from: readonly Counted[] = after): number =>
    sum(key, from.map((l) => l[key]));
  return {
    weights: total('weights'),
    biases: total('biases'),
    params: total('params'),
    buffers: total('buffers'),
    macs: total('macs'),
    flops: total('flops'),
    activations: total('activations'),
    bytes: total('bytes'),
    activationsWithInput: total('activations', layers),
    bytesWithInput: total('bytes', layers),
    layers: after.length,
  };
}
