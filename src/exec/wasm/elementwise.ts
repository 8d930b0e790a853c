// ReLU, SiLU, GELU, max and average pooling, sums and zeroing in WebAssembly (kernels.as relu,
// reluBackward, siluForward, siluBackward, geluForward, geluBackward, maxPool, maxPoolBackward,
// avgPool, avgPoolBackward, addInto, zero) where every tensor lives in the shared memory, split
// across the threads; false elsewhere, and the caller runs the TypeScript kernel (the reference,
// whose bits these give: comparisons, or the same arithmetic in the same order; SiLU and GELU's
// backward, whose e^x is the kernels' own, within float32's rounding of it).

import type { PoolGeometry } from '../kernels/pool.js';
import { OP, parallel } from '../threads/pool.js';
import { wasmRuntime, type WasmRuntime } from './runtime.js';

/** Below this many elements a pass is not worth waking the other threads for. */
export const SERIAL_ELEMENTS = 1 << 16;
/** Ranges of whole cache lines (16 floats; the arena aligns blocks to them): no line is shared. */
const LINE = 16;

/** The backend, where it runs and holds every one of the views. */
export function owned(...views: ArrayBufferView[]): WasmRuntime | null {
  const rt = wasmRuntime();
  return rt && views.every((v) => rt.arena.owns(v)) ? rt : null;
}

/** Range alignment for `count` elements: all on this thread below SERIAL_ELEMENTS. */
export const alignFor = (count: number): number => (count < SERIAL_ELEMENTS ? count : LINE);

/** Zeroes elements [from, to) of a float tensor, over the threads where it lives in the shared
 *  memory (a typed array's fill is several times slower there: kernels.as zero). */
export function zeroFloats(view: Float32Array, from = 0, to = view.length): void {
  const rt = owned(view);
  if (!rt) {
    view.fill(0, from, to);
    return;
  }
  parallel(rt, OP.zero, [view.byteOffset + from * 4], to - from, alignFor(to - from));
}

/** y[i] = a[i] + b[i] for i in [0, count) (y may be a), over the threads where all three live in
 *  the shared memory (the same float32 sums either way). */
export function addFloats(y: Float32Array, a: Float32Array, b: Float32Array, count: number): void {
  const rt = owned(y, a, b);
  if (!rt) {
    for (let i = 0; i < count; i++) y[i] = a[i]! + b[i]!;
    return;
  }
  parallel(rt, OP.addInto, [y.byteOffset, a.byteOffset, b.byteOffset], count, alignFor(count));
}

/** An element-wise op over `count` elements whose arguments are `lead` (addresses the op reads
 *  besides its tensors) and then these tensors' addresses, in order; false unless all of them
 *  live in the shared memory. */
function elementwise(op: number, count: number, lead: readonly number[], ...tensors: Float32Array[]): boolean {
  const rt = owned(...tensors);
  if (!rt) return false;
  parallel(rt, op, [...lead, ...tensors.map((t) => t.byteOffset)], count, alignFor(count));
  return true;
}

// x [count] -> y [count] (y may be x)
export const wasmRelu = (count: number, x: Float32Array, y: Float32Array): boolean => elementwise(OP.relu, count, [], x, y);

// y, dy [count] -> dx [count] (dx may be dy)
export const wasmReluBackward = (count: number, y: Float32Array, dy: Float32Array, dx: Float32Array): boolean =>
  elementwise(OP.reluBackward, count, [], y, dy, dx);

// x [count] -> y [count]; SiLU's e^x is the kernels' own (kernels.as expPair), so within float32's
// rounding of the reference's rather than its bits
export const wasmSilu = (count: number, x: Float32Array, y: Float32Array): boolean => elementwise(OP.siluForward, count, [], x, y);

// x, dy [count] -> dx [count]
export const wasmSiluBackward = (count: number, x: Float32Array, dy: Float32Array, dx: Float32Array): boolean =>
  elementwise(OP.siluBackward, count, [], x, dy, dx);

/** The erf table's address in the shared memory (copied there once: 4 KiB), as the op's leading
 *  argument; none without the backend. */
const erfTables = new WeakMap<WasmRuntime, number>();
function erfTableIn(table: Float64Array): number[] {
  const rt = wasmRuntime();
  if (!rt) return [];
  let at = erfTables.get(rt);
  if (at === undefined) {
    at = rt.arena.reserve(table.byteLength);
    new Float64Array(rt.arena.memory.buffer, at, table.length).set(table);
    erfTables.set(rt, at);
  }
  return [at];
}

// x [count] -> y [count] with erf from `table` (kernels/activations-modern.ts erfPolynomials)
export const wasmGelu = (count: number, x: Float32Array, y: Float32Array, table: Float64Array): boolean =>
  elementwise(OP.geluForward, count, erfTableIn(table), x, y);

// x, dy [count] -> dx [count]
export const wasmGeluBackward = (count: number, x: Float32Array, dy: Float32Array, dx: Float32Array, table: Float64Array): boolean =>
  elementwise(OP.geluBackward, count, erfTableIn(table), x, dy, dx);

// x [B, C, H, W] -> y [B, C, outH, outW], indices (or null) as kernels/pool.ts poolForward's max;
// fixed windows only (adaptive pooling stays in TypeScript)
export function wasmMaxPool(geo: PoolGeometry, batch: number, x: Float32Array, y: Float32Array, indices: Int32Array | null): boolean {
  const { C, H, W, wh, ww, outH, outW } = geo;
  const rt = wh.out === undefined && ww.out === undefined ? owned(x, y, ...(indices ? [indices] : [])) : null;
  if (!rt) return false;
  const planes = batch * C;
  const args = [x.byteOffset, y.byteOffset, indices?.byteOffset ?? 0, C, H, W, wh.f, wh.s, wh.p, ww.f, ww.s, ww.p, outH, outW];
  parallel(rt, OP.maxPool, args, planes, planes * outH * outW * wh.f * ww.f < SERIAL_ELEMENTS ? planes : 1);
  return true;
}

/** Average pooling over fixed windows, a pass from `from` to `to` (forward: x to y; backward: dy to
 *  dx), as kernels/pool.ts computes it (the same bits); planes split between the threads. */
function averagePooling(op: number, geo: PoolGeometry, batch: number, from: Float32Array, to: Float32Array): boolean {
  const { H, W, wh, ww, outH, outW } = geo;
  const rt = wh.out === undefined && ww.out === undefined ? owned(from, to) : null;
  if (!rt) return false;
  const planes = batch * geo.C;
  const args = [from.byteOffset, to.byteOffset, H, W, wh.f, wh.s, wh.p, ww.f, ww.s, ww.p, outH, outW];
  parallel(rt, op, args, planes, planes * outH * outW * wh.f * ww.f < SERIAL_ELEMENTS ? planes : 1);
  return true;
}

// x [B, C, H, W] -> y [B, C, outH, outW]
export const wasmAvgPool = (geo: PoolGeometry, batch: number, x: Float32Array, y: Float32Array): boolean => averagePooling(OP.avgPool, geo, batch, x, y);

// dy [B, C, outH, outW] -> dx [B, C, H, W] (overwritten)
export const wasmAvgPoolBackward = (geo: PoolGeometry, batch: number, dy: Float32Array, dx: Float32Array): boolean =>
  averagePooling(OP.avgPoolBackward, geo, batch, dy, dx);

// dy [B, C, outH, outW] -> dx [B, C, H, W] (overwritten), each gradient to the input `indices` names
export function wasmMaxPoolBackward(geo: PoolGeometry, batch: number, dy: Float32Array, dx: Float32Array, indices: Int32Array): boolean {
  const rt = owned(dy, dx, indices);
  if (!rt) return false;
  const { C, H, W, outH, outW } = geo;
  const planes = batch * C;
  parallel(rt, OP.maxPoolBackward, [dy.byteOffset, indices.byteOffset, dx.byteOffset, C, H * W, outH * outW], planes, planes * H * W < SERIAL_ELEMENTS ? planes : 1);
  return true;
}
