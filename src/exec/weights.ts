// Trained weights for `cnncalc run`: `<layer>.weight`, `<layer>.bias` (BN also `<layer>.running_mean`,
// `<layer>.running_var` and an ignored `<layer>.num_batches_tracked`), where layer is the number
// `cnncalc table` and `cnncalc layers` give it: INPUT is 0, the first layer after it 1, activations
// included. One numbering everywhere; a PyTorch nn.Sequential, whose modules count from 0, maps onto
// it with --sequential (tensor-names.ts). Shapes are PyTorch's (tensor.ts). Every tensor the
// network needs must be there with its exact shape, and no other.

import type { ExecNetwork } from './build.js';
import { ownParams } from './network.js';

export interface NamedTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A weights file's tensors under the names cnncalc reads (tensorName). Where the file names them
 *  otherwise (run --sequential: tensor-names.ts renameTensors), `fileName` maps such a name back to
 *  the file's, for messages: the name the user can find in the file. */
export interface WeightTensors extends ReadonlyMap<string, NamedTensor> {
  readonly fileName?: (name: string) => string;
}

export class WeightsError extends Error {
  override readonly name = 'WeightsError';
}

/** PyTorch's BatchNorm keeps `num_batches_tracked`, an I64 scalar counting training steps, in its
 *  state dict; inference does not use it, so readers skip it before decoding (any dtype). */
export function isIgnoredTensor(name: string): boolean {
  return /(^|\.)\d+\.num_batches_tracked$/.test(name); // also under a part's prefix (tensor-names.ts)
}

export function tensorName(layer: { readonly id: number }, param: string): string {
  return `${layer.id}.${param}`;
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Copies `tensors` into the network's parameters; throws WeightsError naming the first problem,
 *  tensors named as the file names them. */
export function loadWeights(net: ExecNetwork, tensors: WeightTensors): void {
  const shown = tensors.fileName ?? ((name: string) => name);
  const expected = new Set<string>();
  for (const l of net.layers) {
    for (const p of ownParams(l)) {
      const name = tensorName(l, p.name);
      expected.add(name);
      const t = tensors.get(name);
      const what = `${shown(name)} (layer ${l.id}, ${l.layer.kind.toUpperCase()})`; // the layer as table numbers it
      if (!t) throw new WeightsError(`missing tensor ${what}: expected shape ${shapeText(p.shape)}`);
      const same = t.shape.length === p.shape.length && t.shape.every((d, i) => d === p.shape[i]);
      if (!same) throw new WeightsError(`tensor ${what} has shape ${shapeText(t.shape)}; expected ${shapeText(p.shape)}`);
      p.data.set(t.data);
    }
  }
  for (const [name, t] of tensors) {
    if (expected.has(name) || isIgnoredTensor(name)) continue;
    throw new WeightsError(`extra tensor ${shown(name)} (shape ${shapeText(t.shape)}): the network has no such parameter; its tensors are ${[...expected].map(shown).join(', ') || 'none'}`);
  }
}

/** The network's parameter tensors by name, for writing a safetensors file. */
export function namedParameters(net: ExecNetwork): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const l of net.layers) for (const p of ownParams(l)) out.set(tensorName(l, p.name), { shape: [...p.shape], data: p.data });
  return out;
}
