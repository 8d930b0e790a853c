// Per-layer times of the executor's passes, for cnncalc bench. forward.ts and backward.ts call
// `begin` once their per-pass setup is done and `done(id)` after each layer, so a layer's time is
// its kernel and its own bookkeeping (its buffers, the releases after it). The clock is injected, so
// tests can drive a fake one; a pass without a timer pays one undefined check per layer.

/** Milliseconds since some origin (performance.now, or a test's fake). */
export type Clock = () => number;

export interface LayerTimer {
  begin(): void;
  done(id: number): void;
  /** Leaves `ms` just measured (an optimizer update) out of the layer being timed. */
  exclude(ms: number): void;
}

/** Times per layer id of one pass, in milliseconds; reset before each pass. */
export class LayerTimes implements LayerTimer {
  readonly ms: Float64Array;
  private last = 0;

  constructor(private readonly clock: Clock, layers: number) {
    this.ms = new Float64Array(layers);
  }

  reset(): void {
    this.ms.fill(0);
  }

  begin(): void {
    this.last = this.clock();
  }

  done(id: number): void {
    const now = this.clock();
    this.ms[id] = this.ms[id]! + (now - this.last);
    this.last = now;
  }

  exclude(ms: number): void {
    this.last += ms;
  }
}
