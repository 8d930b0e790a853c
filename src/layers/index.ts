// The registry of layer kinds. `satisfies` makes a kind without a definition a compile error.

import { relu, sigmoid, tanh } from './activations.js';
import { gelu, hsigmoid, hswish, relu6, silu } from './activations-modern.js';
import { bn } from './bn.js';
import { conv } from './conv.js';
import { convt } from './convt.js';
import { dropout } from './dropout.js';
import { fc } from './fc.js';
import { input } from './input.js';
import { local } from './local.js';
import { ln } from './ln.js';
import { lrn } from './lrn.js';
import { add, concat, product, slice } from './merge.js';
import { pool } from './pool.js';
import { scale } from './scale.js';
import { shuffle } from './shuffle.js';
import { softmax } from './softmax.js';
import { unpool } from './unpool.js';
import { upsample } from './upsample.js';
import type { LayerDef, LayerKind, ResolvedLayer } from './types.js';

export const LAYERS = {
  input,
  conv,
  local,
  pool,
  fc,
  relu,
  tanh,
  sigmoid,
  relu6,
  silu,
  hswish,
  hsigmoid,
  gelu,
  softmax,
  dropout,
  lrn,
  bn,
  concat,
  add,
  mul: product,
  slice,
  ln,
  scale,
  shuffle,
  upsample,
  convt,
  unpool,
} satisfies { [K in LayerKind]: LayerDef<K> };

/** The definition of a resolved layer's kind, typed for its arguments. */
export function definitionOf(layer: ResolvedLayer): LayerDef<LayerKind> & { readonly kind: ResolvedLayer['kind'] } {
  return LAYERS[layer.kind] as unknown as LayerDef<LayerKind>;
}

export type { LayerDef, LayerKind, ResolvedLayer, Shape } from './types.js';
