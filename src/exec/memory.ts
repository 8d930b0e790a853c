// Every buffer the executor allocates goes through a Tracker, which knows each one's kind and bytes,
// the bytes live now and the peak. The figures verify prints ("measured") are read from here: sizes
// of buffers actually allocated, never the analysis' predictions. Float tensors (and max pooling's
// indices) live in the WebAssembly backend's shared memory (wasm/arena.ts) where it runs, so its
// kernels use them in place; a view there is counted by its byteLength exactly as a plain array
// is, and the arena's own rounding to cache lines and the kernels' packing scratch (as the
// reference GEMM's pack buffers) are not the network's memory. Without the backend, or past what its memory can hold,
// a tensor is a plain Float32Array.

import { wasmRuntime } from './wasm/runtime.js';

export type AllocKind =
  | 'parameters'
  | 'buffers' // BN running statistics
  | 'gradients'
  | 'optimizerState'
  | 'input'
  | 'activations'
  | 'saved' // indices, masks and scales kept for the backward pass
  | 'workspace'
  | 'activationGradients';

/** A buffer that lives outside JavaScript arrays (a WebAssembly backend's memory), known by its size. */
export interface ExternalBuffer {
  readonly byteLength: number;
  /** Where it lives, for messages: 'wasm memory', say. */
  readonly where: string;
}

type View = Float32Array | Int32Array | Uint8Array | ExternalBuffer;

export class Tracker {
  live = 0;
  peak = 0;
  readonly liveByKind = new Map<AllocKind, number>();
  readonly peakByKind = new Map<AllocKind, number>();
  private readonly owners = new Map<View, AllocKind>();

  /** Bytes the caller may still allocate before `limit`; Infinity without one. */
  constructor(readonly limit = Infinity) {}

  f32(kind: AllocKind, n: number): Float32Array {
    this.check(n * 4);
    return this.track(kind, wasmRuntime()?.arena.f32(n) ?? new Float32Array(n));
  }
  i32(kind: AllocKind, n: number): Int32Array {
    this.check(n * 4);
    return this.track(kind, wasmRuntime()?.arena.i32(n) ?? new Int32Array(n));
  }
  u8(kind: AllocKind, n: number): Uint8Array {
    return this.track(kind, new Uint8Array(this.check(n)));
  }

  /** Counts `bytes` a backend holds outside JavaScript arrays, so that verify measures a second
   *  backend's buffers as it measures the reference kernels' arrays; release the handle when freed. */
  external(kind: AllocKind, bytes: number, where: string): ExternalBuffer {
    return this.track(kind, { byteLength: this.check(bytes), where });
  }

  /** Takes ownership of a buffer made elsewhere (weights read from a file, an input batch). */
  adopt<T extends View>(kind: AllocKind, view: T): T {
    return this.track(kind, view);
  }

  /** Counts a buffer under another kind from now on (a tensor reused for another purpose). */
  retag(view: View, kind: AllocKind): void {
    const old = this.owners.get(view);
    if (old === undefined) return;
    this.owners.set(view, kind);
    this.liveByKind.set(old, this.liveOf(old) - view.byteLength);
    const k = this.liveOf(kind) + view.byteLength;
    this.liveByKind.set(kind, k);
    this.peakByKind.set(kind, Math.max(this.peakOf(kind), k));
  }

  release(view: View): void {
    if (this.untrack(view) && ArrayBuffer.isView(view)) wasmRuntime()?.arena.release(view);
  }

  /** Stops counting a buffer, its memory left as it is (a subclass may keep it for reuse);
   *  whether it was counted. */
  protected untrack(view: View): boolean {
    const kind = this.owners.get(view);
    if (kind === undefined) return false;
    this.owners.delete(view);
    this.live -= view.byteLength;
    this.liveByKind.set(kind, (this.liveByKind.get(kind) ?? 0) - view.byteLength);
    return true;
  }

  liveOf(kind: AllocKind): number {
    return this.liveByKind.get(kind) ?? 0;
  }

  peakOf(kind: AllocKind): number {
    return this.peakByKind.get(kind) ?? 0;
  }

  /** Starts a new peak measurement for one kind (e.g. the backward pass only). */
  resetPeak(kind: AllocKind): void {
    this.peakByKind.set(kind, this.liveOf(kind));
  }

  private check(bytes: number): number {
    if (this.live + bytes > this.limit) {
      throw new MemoryLimitError(`allocating ${bytes} bytes would take the executor past its limit of ${this.limit} bytes`);
    }
    return bytes;
  }

  private track<T extends View>(kind: AllocKind, view: T): T {
    this.owners.set(view, kind);
    this.live += view.byteLength;
    this.peak = Math.max(this.peak, this.live);
    const k = this.liveOf(kind) + view.byteLength;
    this.liveByKind.set(kind, k);
    this.peakByKind.set(kind, Math.max(this.peakOf(kind), k));
    return view;
  }
}

export class MemoryLimitError extends Error {
  override readonly name = 'MemoryLimitError';
}
