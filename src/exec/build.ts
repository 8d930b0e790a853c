// Builds the executable network from an Analysis: each layer's kernel geometry, worked out by the
// executor (kernels/im2col.ts outSize) from the layer's arguments and the dimensions its inputs
// actually have, and its parameter tensors, allocated through the tracker with seeded He
// initialisation (N(0, 2/fan_in), biases 0, BN gamma 1 and beta 0, running mean 0 and variance 1).

import type { Analysis } from '../analysis/analyze.js';
import { LAYERS } from '../layers/index.js';
import type { LayerKind, ResolvedLayer, Window } from '../layers/types.js';
import { convColumnElements, type ConvGeometry } from './kernels/conv.js';
import { outSize, type Win } from './kernels/im2col.js';
import type { PoolGeometry } from './kernels/pool.js';
import type { Tracker } from './memory.js';
import { fillNormal, type Random } from './random.js';
import type { Dims } from './tensor.js';

export type ParamName = 'weight' | 'bias' | 'running_mean' | 'running_var';

export interface ParamTensor {
  readonly name: ParamName;
  /** PyTorch's shape for this tensor (see tensor.ts). */
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
  /** CONV and LOCAL geometry; POOL uses the same fields less k and g. */
  readonly geometry: ConvGeometry | null;
  readonly params: readonly ParamTensor[];
  /** im2col elements per image (CONV only). */
  readonly columns: number;
}

export interface ExecNetwork {
  readonly layers: readonly ExecLayer[];
  readonly output: number;
}

const win = (w: Window): Win => ({ f: w.f, s: w.s, p: w.p, d: w.d, ceil: w.ceil });

function geometryOf(layer: ResolvedLayer, input: Dims): ConvGeometry | null {
  if (layer.kind !== 'conv' && layer.kind !== 'local' && layer.kind !== 'pool') return null;
  const def = LAYERS[layer.kind] as { windows: (a: unknown, s: unknown) => { width: Window; height: Window } };
  const windows = def.windows(layer.args, { width: input.w, height: input.h, depth: input.c });
  const wh = win(windows.height);
  const ww = win(windows.width);
  const k = layer.kind === 'pool' ? input.c : layer.args.k;
  const g = layer.kind === 'conv' ? layer.args.g : 1;
  return { C: input.c, H: input.h, W: input.w, k, g, wh, ww, outH: outSize(input.h, wh), outW: outSize(input.w, ww) };
}

function outDims(layer: ResolvedLayer, inDims: readonly Dims[], geo: ConvGeometry | null): Dims {
  const input = inDims[0]!;
  switch (layer.kind) {
    case 'input':
      return { c: layer.args.d, h: layer.args.h, w: layer.args.w };
    case 'conv':
    case 'local':
    case 'pool':
      return { c: geo!.k, h: geo!.outH, w: geo!.outW };
    case 'fc':
      return { c: layer.args.n, h: 1, w: 1 };
    case 'concat':
      return { c: inDims.reduce((s, d) => s + d.c, 0), h: input.h, w: input.w };
    default:
      return input;
  }
}

function paramShapes(layer: ResolvedLayer, input: Dims, out: Dims, geo: ConvGeometry | null): { name: ParamName; shape: number[]; fanIn: number }[] {
  const list: { name: ParamName; shape: number[]; fanIn: number }[] = [];
  if (layer.kind === 'conv') {
    const fanIn = (input.c / layer.args.g) * geo!.wh.f * geo!.ww.f;
    list.push({ name: 'weight', shape: [layer.args.k, input.c / layer.args.g, geo!.wh.f, geo!.ww.f], fanIn });
    if (layer.args.bias) list.push({ name: 'bias', shape: [layer.args.k], fanIn: 0 });
  } else if (layer.kind === 'local') {
    const fanIn = input.c * geo!.wh.f * geo!.ww.f;
    list.push({ name: 'weight', shape: [out.h * out.w, layer.args.k, fanIn], fanIn });
    if (layer.args.bias) list.push({ name: 'bias', shape: [layer.args.k, out.h, out.w], fanIn: 0 });
  } else if (layer.kind === 'fc') {
    const fanIn = input.c * input.h * input.w;
    list.push({ name: 'weight', shape: [layer.args.n, fanIn], fanIn }, { name: 'bias', shape: [layer.args.n], fanIn: 0 });
  } else if (layer.kind === 'bn') {
    for (const name of ['weight', 'bias', 'running_mean', 'running_var'] as const) list.push({ name, shape: [input.c], fanIn: 0 });
  }
  return list;
}

function initialise(name: ParamName, data: Float32Array, fanIn: number, random: Random): void {
  if (name === 'weight' && fanIn > 0) fillNormal(data, random, Math.sqrt(2 / fanIn));
  else if (name === 'weight' || name === 'running_var') data.fill(1);
}

export function buildNetwork(analysis: Analysis, tracker: Tracker, random: Random, init = true): ExecNetwork {
  const layers: ExecLayer[] = [];
  for (const a of analysis.layers) {
    const inputs = a.node.inputs;
    const inDims = inputs.map((i) => layers[i]!.out);
    const first = inDims[0] ?? { c: 0, h: 0, w: 0 };
    const geometry = geometryOf(a.layer, first);
    const out = outDims(a.layer, inDims, geometry);
    const params = paramShapes(a.layer, first, out, geometry).map(({ name, shape, fanIn }): ParamTensor => {
      const trainable = name === 'weight' || name === 'bias';
      const data = tracker.f32(trainable ? 'parameters' : 'buffers', shape.reduce((x, y) => x * y, 1));
      if (init) initialise(name, data, fanIn, random);
      return { name, shape, data, trainable, grad: null };
    });
    const columns = a.layer.kind === 'conv' ? convColumnElements(geometry!) : 0;
    layers.push({ id: a.node.id, layer: a.layer, inputs, inDims, out, geometry, params, columns });
  }
  return { layers, output: analysis.network.output };
}

export function param(layer: ExecLayer, name: ParamName): ParamTensor | undefined {
  return layer.params.find((p) => p.name === name);
}

export type { LayerKind };
