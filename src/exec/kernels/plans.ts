// Kernel plans the kinds share: a sliding window's geometry, worked out by the executor from the
// layer's windows (its declaration) and the dimensions its input actually has (im2col.ts outSize),
// and the declared output shape for layers without a window.

import { definitionOf } from '../../layers/index.js';
import type { ResolvedLayer, Shape } from '../../layers/types.js';
import type { Dims } from '../tensor.js';
import { outSize } from './im2col.js';
import type { KernelPlan } from './kernel.js';

const EMPTY: Dims = { c: 0, h: 0, w: 0 };

export const shapeOf = (d: Dims): Shape => ({ width: d.w, height: d.h, depth: d.c });

/** A window layer with k output channels in g groups; `columns`: its im2col workspace per image. */
export function windowedPlan(layer: ResolvedLayer, inDims: readonly Dims[], k: number, g: number, columns: (p: KernelPlan) => number = () => 0): KernelPlan {
  const input = inDims[0]!;
  const windows = definitionOf(layer).windows!(layer.args, shapeOf(input));
  const wh = windows.height;
  const ww = windows.width;
  const outH = outSize(input.h, wh);
  const outW = outSize(input.w, ww);
  const plan: KernelPlan = { out: { c: k, h: outH, w: outW }, geometry: { C: input.c, H: input.h, W: input.w, k, g, wh, ww, outH, outW }, columns: 0 };
  return { ...plan, columns: columns(plan) };
}

/** A layer without a window: the output shape its declaration gives for these inputs. */
export function declaredPlan(layer: ResolvedLayer, inDims: readonly Dims[]): KernelPlan {
  const inputs = inDims.map(shapeOf);
  const out = definitionOf(layer).outputShape(layer.args, inputs[0] ?? shapeOf(EMPTY), inputs);
  return { out: { c: out.depth, h: out.height, w: out.width }, geometry: null, columns: 0 };
}
