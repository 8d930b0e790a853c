// A depthwise convolution (groups = input channels = output channels: one 2-D filter per channel,
// as MobileNet's and EfficientNet's) straight from the image in WebAssembly (kernels.as
// depthwiseForward, depthwiseBackward), split between the threads by channel. im2col + GEMM would
// write a column matrix f*f times the input for products of one row each, which ran at about 1
// GFLOP/s. Every tensor must lie in the arena; false where that or the layer does not fit, and the
// caller runs im2col + GEMM.

import type { ConvGeometry } from '../network.js';
import { OP, parallel } from '../threads/pool.js';
import { zeroFloats } from './elementwise.js';
import { wasmRuntime, type WasmRuntime } from './runtime.js';

/** Below this many multiply-accumulates a pass is not worth waking the other threads for. */
const SERIAL_MACS = 1 << 16;

function isDepthwise({ C, k, g }: ConvGeometry): boolean {
  return g === C && k === C;
}

function runtimeFor(geo: ConvGeometry, tensors: readonly (Float32Array | null)[]): WasmRuntime | null {
  const rt = wasmRuntime();
  return rt && isDepthwise(geo) && tensors.every((t) => t === null || rt.arena.owns(t)) ? rt : null;
}

function shapeArgs(geo: ConvGeometry, batch: number): number[] {
  const { C, H, W, outH, outW, wh, ww } = geo;
  return [batch, C, H, W, outH, outW, wh.f, ww.f, wh.s, ww.s, wh.p, ww.p, wh.d, ww.d];
}

/** Channels split between the threads where the pass is large enough. */
function channelAlign(geo: ConvGeometry, batch: number): number {
  return batch * geo.C * geo.outH * geo.outW * geo.wh.f * geo.ww.f < SERIAL_MACS ? geo.C : 1;
}

/** y = the convolution of x (no bias) for images [0, batch); false where it does not apply. */
export function depthwiseConv(geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, y: Float32Array): boolean {
  const rt = runtimeFor(geo, [x, weight, y]);
  if (!rt) return false;
  parallel(rt, OP.depthwiseForward, [x.byteOffset, weight.byteOffset, y.byteOffset, ...shapeArgs(geo, batch)], geo.C, channelAlign(geo, batch));
  return true;
}

/** dWeight += the weight gradient (fresh: =, zeroed first: a depthwise filter is small), dx (unless
 *  null) = the input gradient, for images [0, batch). */
export function depthwiseBackward(
  geo: ConvGeometry, batch: number, x: Float32Array, weight: Float32Array, dy: Float32Array, dWeight: Float32Array, dx: Float32Array | null,
  fresh = false,
): boolean {
  const rt = runtimeFor(geo, [x, weight, dy, dWeight, dx]);
  if (!rt) return false;
  if (fresh) zeroFloats(dWeight);
  const args = [x.byteOffset, weight.byteOffset, dy.byteOffset, dWeight.byteOffset, dx?.byteOffset ?? 0, ...shapeArgs(geo, batch)];
  parallel(rt, OP.depthwiseBackward, args, geo.C, channelAlign(geo, batch));
  return true;
}
