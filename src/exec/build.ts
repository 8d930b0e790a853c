// Builds the executable network from an Analysis: each layer's kernel plan (its kind's kernels lay
// out the work from the layer's arguments and the dimensions its inputs actually have: output dims,
// window geometry, im2col columns), and its parameter tensors as its kind declares them
// (layers/<kind>.ts parameters), allocated through the tracker with seeded He initialisation
// (weights uniform with variance 2/fan_in, random.ts fillHe; biases 0, BN gamma 1 and beta 0,
// running mean 0 and variance 1), or the value a kind sets (SCALE's init).

import type { Analysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import type { LayerKind, ParamName, ParamSpec, ResolvedLayer } from '../layers/types.js';
import type { KernelPair } from './kernels/kernel.js';
import { shapeOf } from './kernels/plans.js';
import { REFERENCE_KERNELS } from './kernels/registry.js';
import type { Tracker } from './memory.js';
import { fillHe, type Random } from './random.js';
import type { ExecLayer, ExecNetwork, ParamTensor } from './network.js';

export type { ExecLayer, ExecNetwork, ParamName, ParamTensor };

/** The reference kernels of a layer's kind (one dispatch, typed for every kind alike). */
export function kernelsOf(layer: ResolvedLayer): KernelPair<LayerKind> {
  return REFERENCE_KERNELS[layer.kind] as unknown as KernelPair<LayerKind>;
}

function initialise(p: ParamSpec, data: Float32Array, random: Random): void {
  if (p.init !== undefined) data.fill(p.init);
  else if (p.name === 'weight' && p.fanIn > 0) fillHe(data, random, p.fanIn);
  else if (p.name === 'weight' || p.name === 'running_var') data.fill(1);
}

export function buildNetwork(analysis: Analysis, tracker: Tracker, random: Random, init = true): ExecNetwork {
  const layers: ExecLayer[] = [];
  for (const a of analysis.layers) {
    const inputs = a.node.inputs;
    const inDims = inputs.map((i) => layers[i]!.out);
    const { out, geometry, columns } = kernelsOf(a.layer).plan(a.layer, inDims);
    const input = shapeOf(inDims[0] ?? { c: 0, h: 0, w: 0 });
    const specs = definitionOf(a.layer).parameters(a.layer.args, input, shapeOf(out));
    const shares = a.node.shares ?? null;
    const params = shares !== null ? layers[shares]!.params : specs.map((p): ParamTensor => {
      const data = tracker.f32(p.trainable ? 'parameters' : 'buffers', p.shape.reduce((x, y) => x * y, 1));
      if (init) initialise(p, data, random);
      return { name: p.name, shape: p.shape, data, trainable: p.trainable, grad: null };
    });
    layers.push({ id: a.node.id, layer: a.layer, inputs, inDims, out, geometry, params, shares, columns });
  }
  return { analysis, layers, output: analysis.network.output };
}

export { param } from './kernels/kernel.js';
