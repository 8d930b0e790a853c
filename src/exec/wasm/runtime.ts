// The WebAssembly backend's one instance: the kernels (kernels.as, compiled into kernels.bytes.ts)
// instantiated over the arena's shared memory, made on first use. Null where the platform lacks
// 128-bit SIMD, threads' shared memory or SharedArrayBuffer (a browser page that is not cross-origin
// isolated): the executor then runs the TypeScript kernels, with no flag to set. Relaxed SIMD (FMA)
// is not used: Node 20's V8 does not have it.

import { Arena } from './arena.js';
import { KERNELS_WASM } from './kernels.bytes.js';
import { wasmApi, type WasmApi, type WasmModule } from './webassembly.js';

/** The kernels' exports (pointers are byte addresses in the arena's memory). */
export interface KernelExports {
  /** (M, N, K, a, ar, ac, b, br, bc, c, ldc, accumulate, j0, j1, scratch): kernels.as */
  gemm(...args: number[]): void;
  /** (M, N, K, a, ar, b, bc, c, ldc, accumulate, j0, j1) */
  gemmDots(...args: number[]): void;
  /** (M, N, K, a, ar, ac, b, br, c, ldc, accumulate, j0, j1) */
  gemmRows(...args: number[]): void;
  /** (M, N, K, a, ar, ac, as, b, br, bc, bs, c, ldc, cs, accumulate, e0, e1, scratch) */
  gemmBatch(...args: number[]): void;
  /** (B, n, inputs, x, dy, w, dw, dx, j0, j1) */
  fcBackward(...args: number[]): void;
  /** (at, lo, hi): 32-bit elements [lo, hi) from at */
  zero(...args: number[]): void;
  im2col(...args: number[]): void;
  winogradFilter(...args: number[]): void;
  winogradInput(...args: number[]): void;
  winogradOutput(...args: number[]): void;
  winogradOutputAdjoint(...args: number[]): void;
  winogradFilterAdjoint(...args: number[]): void;
  /** F(4x4, 3x3)'s: (x, C, H, W, p, tilesW, t0, count, V, c0, c1, scratch) */
  winograd4Input(...args: number[]): void;
  /** (dy, k, tilesW, t0, count, outH, outW, M, o0, o1, scratch) */
  winograd4OutputAdjoint(...args: number[]): void;
  /** (U, k, C, dw, fresh, kind, w, s0, s1, hp, o0, o1, scratch) */
  winograd4FilterAdjoint(...args: number[]): void;
  addBias(...args: number[]): void;
  /** (dy, dBias, N, o0, o1) */
  biasGradient(...args: number[]): void;
  col2im(...args: number[]): void;
  relu(...args: number[]): void;
  /** (y, a, b, lo, hi) */
  addInto(...args: number[]): void;
  reluBackward(...args: number[]): void;
  /** (table, x, y, lo, hi) */
  geluForward(...args: number[]): void;
  /** (table, x, dy, dx, lo, hi) */
  geluBackward(...args: number[]): void;
  /** (x, y, lo, hi) */
  siluForward(...args: number[]): void;
  /** (x, dy, dx, lo, hi) */
  siluBackward(...args: number[]): void;
  maxPool(...args: number[]): void;
  /** (x, y, H, W, fh, sh, ph, fw, sw, pw, outH, outW, p0, p1) */
  avgPool(...args: number[]): void;
  /** (dy, dx, H, W, fh, sh, ph, fw, sw, pw, outH, outW, p0, p1) */
  avgPoolBackward(...args: number[]): void;
  /** (dy, idx, dx, C, inPlane, outPlane, p0, p1) */
  maxPoolBackward(...args: number[]): void;
  optimize(...args: number[]): void;
  /** (x, w, y, B, C, H, W, outH, outW, fh, fw, sh, sw, ph, pw, dh, dw, c0, c1) */
  depthwiseForward(...args: number[]): void;
  /** (x, w, dy, dw, dx, B, C, H, W, outH, outW, fh, fw, sh, sw, ph, pw, dh, dw, c0, c1) */
  depthwiseBackward(...args: number[]): void;
  /** (x, y, gamma, beta, runMean, runVar, B, C, HW, train, hp, c0, c1) */
  bnForward(...args: number[]): void;
  /** (x, gamma, dy, dGamma, dBeta, dx, B, C, HW, hp, c0, c1) */
  bnBackward(...args: number[]): void;
  /** (x, w, b, y, mean, rstd, C, HW, hp, lo, hi) */
  lnForward(...args: number[]): void;
  /** (x, w, mean, rstd, dy, dx, C, HW, lo, hi) */
  lnBackwardInput(...args: number[]): void;
  /** (x, mean, rstd, dy, dWeight, dBias, B, C, HW, c0, c1) */
  lnBackwardParams(...args: number[]): void;
  /** (out, state, hp, i0, i1): hp holds lo and span (float64) */
  fillUniform(...args: number[]): void;
  /** (x, counts, i0, i1): adds the range's NaNs and infinities to counts[0] and counts[1] */
  countNonFinite(...args: number[]): void;
  readonly SCRATCH_BYTES: { readonly value: number };
}

export interface WasmRuntime {
  readonly arena: Arena;
  readonly module: WasmModule;
  readonly kernels: KernelExports;
  /** The calling thread's packing scratch (address), and the size of one. */
  readonly scratch: number;
  readonly scratchBytes: number;
  /** A block of 8 float64 for a kernel's non-integer arguments (the control block posts integers). */
  readonly floats: Float64Array;
  /** A block of 8 int32 that kernels add their counts into (atomically, from every thread). */
  readonly counters: Int32Array;
}

// (module (import "e" "m" (memory 1 1 shared)) (func (result v128) v128.const i32x4 0 0 0 0)),
// assembled with wabt: validates only where SIMD and threads' shared memory both are
const PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 2, 9, 1, 1, 101, 1, 109, 2, 3, 1, 1, 3, 2, 1, 0,
  10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

let runtime: WasmRuntime | null | undefined;
let enabled = true;

/** Whether this platform can run the WebAssembly kernels. */
export function wasmSupported(): boolean {
  return typeof SharedArrayBuffer === 'function' && wasmApi()?.validate(PROBE) === true;
}

/** The backend, or null where unsupported or switched off (useWasm(false)). */
export function wasmRuntime(): WasmRuntime | null {
  if (!enabled) return null;
  if (runtime === undefined) runtime = wasmSupported() ? instantiate(wasmApi()!) : null;
  return runtime;
}

/** Switches the WebAssembly kernels off (the reference TypeScript kernels run) or back on. */
export function useWasm(on: boolean): void {
  enabled = on;
}

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function instantiate(wasm: WasmApi): WasmRuntime | null {
  let arena: Arena;
  try {
    arena = new Arena(wasm);
  } catch {
    return null; // no address space for the memory's maximum (a 32-bit browser, say)
  }
  const module = new wasm.Module(decode(KERNELS_WASM));
  const instance = new wasm.Instance(module, { env: { memory: arena.memory } });
  const kernels = instance.exports as unknown as KernelExports;
  arena.zero = (at, bytes) => kernels.zero(at, 0, bytes / 4); // blocks are whole cache lines
  const scratchBytes = kernels.SCRATCH_BYTES.value;
  const floats = new Float64Array(arena.memory.buffer, arena.reserve(8 * 8), 8);
  const counters = new Int32Array(arena.memory.buffer, arena.reserve(8 * 4), 8);
  return { arena, module, kernels, scratch: arena.reserve(scratchBytes), scratchBytes, floats, counters };
}
