// A Tracker that keeps what is released and hands it back: cnncalc bench runs the same passes again
// and again, and a fresh buffer costs its pages (11-15 us per 4 KiB here), which would be timed as
// if the network paid it on every pass. A released buffer goes on a free list per element type and
// length and comes back as it was left, not zeroed: every kernel writes its output and its input
// gradients whole (those that accumulate zero them first), as PyTorch's kernels write torch.empty's
// memory, and zeroing a CIFAR-10 pass' 4 MB would cost more than the executor's own work. The
// figures (live, peak, by kind) are the plain Tracker's: a recycled buffer counts as a fresh one.

import { Tracker, type AllocKind } from '../memory.js';

type Typed = Float32Array | Int32Array | Uint8Array;

export class RecyclingTracker extends Tracker {
  /** Buffers handed out by f32, i32 and u8 and not yet released. */
  private readonly out = new Set<Typed>();
  private readonly free = new Map<string, Typed[]>();
  /** Buffers made anew (not handed back from the free lists): after a warm-up step, none should be. */
  made = 0;

  override f32(kind: AllocKind, n: number): Float32Array {
    return this.reuse(kind, `f${n}`) ?? this.handOut(super.f32(kind, n));
  }

  override i32(kind: AllocKind, n: number): Int32Array {
    return this.reuse(kind, `i${n}`) ?? this.handOut(super.i32(kind, n));
  }

  override u8(kind: AllocKind, n: number): Uint8Array {
    return this.reuse(kind, `u${n}`) ?? this.handOut(super.u8(kind, n));
  }

  /** A buffer of its own stays its own: only its bytes stop counting. Given back to the WebAssembly
   *  memory as well, it was handed out twice, by the memory to a later buffer and by the free list
   *  (VGG16's output came out garbage). */
  override release(view: Parameters<Tracker['release']>[0]): void {
    if (!this.out.delete(view as Typed)) {
      super.release(view);
      return;
    }
    this.untrack(view);
    const typed = view as Typed;
    const key = keyOf(typed);
    const list = this.free.get(key);
    if (list) list.push(typed);
    else this.free.set(key, [typed]);
  }

  private handOut<T extends Typed>(view: T, fresh = true): T {
    if (fresh) this.made++;
    this.out.add(view);
    return view;
  }

  private reuse<T extends Typed>(kind: AllocKind, key: string): T | undefined {
    const view = this.free.get(key)?.pop() as T | undefined;
    if (!view) return undefined;
    return this.handOut(this.adopt(kind, view), false);
  }
}

function keyOf(view: Typed): string {
  const type = view instanceof Float32Array ? 'f' : view instanceof Int32Array ? 'i' : 'u';
  return `${type}${view.length}`;
}
