// The bench's RecyclingTracker: a released buffer comes back for the next request of its element
// type and length, and the figures (live, peak, by kind) are what a plain Tracker counts.

import { describe, expect, it } from 'vitest';
import { RecyclingTracker } from '../../../src/exec/bench/recycler.js';
import { Tracker } from '../../../src/exec/memory.js';

describe('RecyclingTracker', () => {
  it('hands a released buffer back for the same type and length only', () => {
    const t = new RecyclingTracker();
    const a = t.f32('activations', 10);
    t.release(a);
    expect(t.i32('saved', 10)).not.toBe(a);
    expect(t.f32('activations', 11)).not.toBe(a);
    expect(t.f32('activationGradients', 10)).toBe(a);
    expect(t.f32('activations', 10)).not.toBe(a); // a is out again
  });

  it('counts as a plain Tracker does', () => {
    const plain = new Tracker();
    const recycling = new RecyclingTracker();
    for (const t of [plain, recycling]) {
      const a = t.f32('activations', 100);
      const b = t.u8('saved', 16);
      t.release(a);
      t.f32('activations', 100);
      t.release(b);
      t.release(b); // twice: nothing more
      t.f32('workspace', 50);
    }
    expect(recycling.live).toBe(plain.live);
    expect(recycling.peak).toBe(plain.peak);
    for (const kind of ['activations', 'saved', 'workspace'] as const) {
      expect([recycling.liveOf(kind), recycling.peakOf(kind)]).toEqual([plain.liveOf(kind), plain.peakOf(kind)]);
    }
    // 400, then 416 with the mask, 16 after a, 416 again, 400 after b, 600 with the workspace
    expect([plain.live, plain.peak]).toEqual([600, 600]);
  });

  it('never hands out a buffer it was given rather than made', () => {
    const t = new RecyclingTracker();
    const input = t.adopt('input', new Float32Array(8));
    t.release(input);
    expect(t.f32('activations', 8)).not.toBe(input);
  });
});
