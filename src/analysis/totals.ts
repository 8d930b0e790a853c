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

const SUBTOTAL_KEYS: readonly (keyof Subtotals)[] = ['weights', 'biases', 'params', 'buffers', 'macs', 'flops', 'activations', 'bytes'];

const total = (key: keyof Subtotals, layers: readonly Subtotals[]): number => sumOf(key, layers, (l) => l[key]);

/** Exact sums of every figure over `layers` (figures, or subtotals of blocks). One pass adds all
 *  eight; a sum that is not exact is made again by sumOf, which throws FigureOverflow for it. */
export function subtotalsOf(layers: readonly Subtotals[]): Subtotals {
  let weights = 0;
  let biases = 0;
  let params = 0;
  let buffers = 0;
  let macs = 0;
  let flops = 0;
  let activations = 0;
  let bytes = 0;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    weights += l.weights;
    biases += l.biases;
    params += l.params;
    buffers += l.buffers;
    macs += l.macs;
    flops += l.flops;
    activations += l.activations;
    bytes += l.bytes;
  }
  const sums: Subtotals = { weights, biases, params, buffers, macs, flops, activations, bytes };
  for (let k = 0; k < SUBTOTAL_KEYS.length; k++) if (!Number.isSafeInteger(sums[SUBTOTAL_KEYS[k]!])) total(SUBTOTAL_KEYS[k]!, layers);
  return sums;
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
