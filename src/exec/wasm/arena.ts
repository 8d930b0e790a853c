// One shared WebAssembly.Memory that holds the executor's tensors, so the WebAssembly kernels
// read and write them in place (no copy per call) and worker threads see the same bytes. Shared,
// because growing a shared memory never detaches the views already handed out (each growth gives
// a new, longer SharedArrayBuffer over the same bytes). Blocks are 64-byte aligned (a cache line),
// found first-fit in an address-ordered free list that merges neighbours; a released block is
// zeroed when reused, as a fresh Float32Array would be, and the pages it keeps are already touched
// (performance-notes.md: a fresh 4 KiB page costs 11-15 us here). A view nobody released is freed
// when it is garbage collected. Memory that cannot grow any further gives null: the Tracker then
// falls back to a plain array, which the kernels run through the TypeScript reference.

import type { WasmApi, WasmMemory } from './webassembly.js';

const PAGE = 65536;
const ALIGN = 64;
/** wasm32 addresses 4 GiB; V8 reserves the maximum of a shared memory up front (address space only). */
const MAX_PAGES = 65536;

interface Block {
  at: number;
  bytes: number;
}

export class Arena {
  readonly memory: WasmMemory;
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: ArrayBuffer;
  private top = ALIGN; // address 0 stays unused, so no block starts at the null address
  private touched = ALIGN; // bytes below this were used before: no longer zero
  private readonly free: Block[] = [];
  private readonly blocks = new WeakMap<ArrayBufferView, Block>();
  private readonly collector = new FinalizationRegistry<Block>((b) => this.give(b));
  /** Zeroes bytes from an address: the kernels' bulk fill once they run (runtime.ts), as a typed
   *  array's fill on shared memory is several times slower. */
  zero = (at: number, bytes: number): void => {
    new Uint8Array(this.buffer, at, bytes).fill(0);
  };

  constructor(wasm: WasmApi) {
    this.memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.buffer = this.refresh();
  }

  /** Whether the view lies in this memory (any of its growths). */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }

  /** n zeroed floats in the memory, or null when it cannot grow that far. */
  f32(n: number): Float32Array | null {
    return this.view(Float32Array, n);
  }

  /** n zeroed 32-bit integers in the memory (max pooling's indices), or null as f32. */
  i32(n: number): Int32Array | null {
    return this.view(Int32Array, n);
  }

  private view<T extends Float32Array | Int32Array>(Kind: new (buffer: ArrayBuffer, at: number, n: number) => T, n: number): T | null {
    const b = this.take(n * 4);
    if (!b) return null;
    const view = new Kind(this.buffer, b.at, n);
    this.blocks.set(view, b);
    this.collector.register(view, b, view);
    return view;
  }

  /** Gives a view's block back (at once, not at garbage collection). */
  release(view: ArrayBufferView): void {
    const b = this.blocks.get(view);
    if (!b) return;
    this.blocks.delete(view);
    this.collector.unregister(view);
    this.give(b);
  }

  /** A block that lives as long as the memory (a thread's packing scratch): its address. */
  reserve(bytes: number): number {
    const b = this.take(bytes);
    if (!b) throw new Error(`wasm memory cannot hold ${bytes} more bytes`);
    return b.at;
  }

  private take(bytes: number): Block | null {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const i = this.free.findIndex((f) => f.bytes >= size);
    if (i >= 0) {
      const f = this.free[i]!;
      const b = { at: f.at, bytes: size };
      if (f.bytes === size) this.free.splice(i, 1);
      else this.free[i] = { at: f.at + size, bytes: f.bytes - size };
      return this.zeroed(b);
    }
    if (!this.ensure(this.top + size)) return null;
    const b = { at: this.top, bytes: size };
    this.top += size;
    return this.zeroed(b);
  }

  private zeroed(b: Block): Block {
    const end = b.at + b.bytes;
    if (b.at < this.touched) this.zero(b.at, Math.min(end, this.touched) - b.at);
    this.touched = Math.max(this.touched, end);
    return b;
  }

  private give(b: Block): void {
    let i = this.free.findIndex((f) => f.at > b.at);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, { ...b });
    const merge = (j: number): void => {
      const x = this.free[j];
      const y = this.free[j + 1];
      if (x && y && x.at + x.bytes === y.at) {
        x.bytes += y.bytes;
        this.free.splice(j + 1, 1);
      }
    };
    merge(i);
    if (i > 0) merge(i - 1);
    const last = this.free[this.free.length - 1];
    if (last && last.at + last.bytes === this.top) {
      // the block below the top goes back to the top, so a larger request can extend it
      this.top = last.at;
      this.free.pop();
    }
  }

  private ensure(end: number): boolean {
    const have = this.buffer.byteLength;
    if (end <= have) return true;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) return false;
    try {
      this.memory.grow(pages);
    } catch {
      return false; // the system refused the pages
    }
    this.buffer = this.refresh();
    return true;
  }

  private refresh(): ArrayBuffer {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }
}
