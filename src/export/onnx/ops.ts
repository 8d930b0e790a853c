// Every layer kind's ONNX operators (the record fails to compile without a new kind's entry).
// INPUT is the graph's input itself.

import type { LayerKind } from '../../layers/types.js';
import type { KindOps } from './layer-graph.js';
import { conv, convt, fc, local } from './ops-affine.js';
import { bn, ln, lrn, scale } from './ops-norm.js';
import { POINTWISE_OPS } from './ops-pointwise.js';
import { pool, unpool } from './ops-pool.js';
import { add, concat, mul, shuffle, slice, upsample } from './ops-shape.js';

/** The graph input's name: N,C,H,W float32, N symbolic. */
export const INPUT_NAME = 'input';

export const ONNX_OPS: { readonly [K in LayerKind]: KindOps<K> } = {
  input: () => INPUT_NAME,
  conv, local, convt, fc, pool, unpool, bn, ln, lrn, scale,
  ...POINTWISE_OPS,
  concat, add, mul, slice, shuffle, upsample,
};
