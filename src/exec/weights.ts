// Trained weights for `cnncalc run`, named as a PyTorch nn.Sequential with one module per layer
// would name them: `<index>.weight`, `<index>.bias` (BN also `<index>.running_mean`,
// `<index>.running_var` and an ignored `<index>.num_batches_tracked`), where index counts every
// expanded layer from 0 for the first layer after INPUT, activations included, in the order
// `cnncalc layers` prints them (layer id - 1). Shapes are PyTorch's (tensor.ts). Every tensor the
// network needs must be there with its exact shape, and no other.

import type { ExecLayer, ExecNetwork } from './build.js';

export interface NamedTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export class WeightsError extends Error {
  override readonly name = 'WeightsError';
}

/** PyTorch's BatchNorm keeps `num_batches_tracked`, an I64 scalar counting training steps, in its
 *  state dict; inference does not use it, so readers skip it before decoding (any dtype). */
export function isIgnoredTensor(name: string): boolean {
  return /^\d+\.num_batches_tracked$/.test(name);
}

export function tensorName(layer: ExecLayer, param: string): string {
  return `${layer.id - 1}.${param}`;
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Copies `tensors` into the network's parameters; throws WeightsError naming the first problem. */
export function loadWeights(net: ExecNetwork, tensors: ReadonlyMap<string, NamedTensor>): void {
  const expected = new Set<string>();
  for (const l of net.layers) {
    for (const p of l.params) {
      const name = tensorName(l, p.name);
      expected.add(name);
      const t = tensors.get(name);
      const what = `${name} (layer ${l.id - 1}, ${l.layer.kind.toUpperCase()})`;
      if (!t) throw new WeightsError(`missing tensor ${what}: expected shape ${shapeText(p.shape)}`);
      const same = t.shape.length === p.shape.length && t.shape.every((d, i) => d === p.shape[i]);
      if (!same) throw new WeightsError(`tensor ${what} has shape ${shapeText(t.shape)}; expected ${shapeText(p.shape)}`);
      p.data.set(t.data);
    }
  }
  for (const [name, t] of tensors) {
    if (expected.has(name) || isIgnoredTensor(name)) continue;
    throw new WeightsError(`extra tensor ${name} (shape ${shapeText(t.shape)}): the network has no such parameter; its tensors are ${[...expected].join(', ') || 'none'}`);
  }
}

/** The network's parameter tensors by name, for writing a safetensors file. */
export function namedParameters(net: ExecNetwork): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const l of net.layers) for (const p of l.params) out.set(tensorName(l, p.name), { shape: [...p.shape], data: p.data });
  return out;
}
