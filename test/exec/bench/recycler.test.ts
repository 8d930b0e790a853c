// The bench's RecyclingTracker: a released buffer comes back for the next request of its element
// type and length, and the figures (live, peak, by kind) are what a plain Tracker counts.

import { describe, expect, it } from 'vitest';
import { releaseStep } from '../../../src/exec/bench/bench.js';
import { RecyclingTracker } from '../../../src/exec/bench/recycler.js';
import { Tracker } from '../../../src/exec/memory.js';
import { runStep, setUpSession } from '../../../src/exec/session.js';
import { analysisOf } from '../../helpers.js';

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

  it('never hands one buffer out twice: a buffer it keeps is not also given back to the memory', () => {
    const t = new RecyclingTracker();
    const a = t.f32('activations', 1000);
    t.release(a);
    const b = t.f32('activations', 500); // a different length: not from the free list
    b.fill(1);
    const c = t.f32('activations', 1000); // a, from the free list
    expect(c).toBe(a);
    expect(c.buffer === b.buffer && c.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < c.byteOffset + c.byteLength).toBe(false);
  });

  it("gives the network's output as a fresh session does, step after step", () => {
    // layers of different sizes release buffers mid-pass that later, other sizes reuse
    const analysis = analysisOf('INPUT [24x24x3] => CONV3-8 => RELU => POOL2 => CONV3-16 => RELU => POOL2 => CONV(f=1, k=4) => FC-32 => RELU => FC-10');
    const o = { batch: 2, seed: 3, train: false, optimizer: 'sgd' as const };
    const expected = runStep(setUpSession(analysis, o), o).output;
    const setup = setUpSession(analysis, o, new RecyclingTracker());
    for (let step = 0; step < 3; step++) {
      const s = runStep(setup, o);
      expect(Array.from(s.output)).toEqual(Array.from(expected));
      releaseStep(setup.tracker, s.pass);
    }
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

describe("bench's steps", () => {
  it('allocate nothing after the first: every buffer comes back, and the figures stay those of one step', () => {
    const networks = [
      'INPUT [8x8x3] => s: CONV3-4 => BN => { ID + CONV3-4 } => POOL2 => DROPOUT => LRN => FC-3\n@s => GAP => FC-2',
      'INPUT [16x16x8] => CONV3-16 => { ID & GAP => CONV(f=1, k=16) => HSIGMOID } => { ID / CONV(f=1, k=8) } => SHUFFLE(g=2) => UPSAMPLE(s=2) => LN => SOFTMAX',
    ];
    for (const source of networks) {
      for (const train of [false, true]) {
        const o = { batch: 2, seed: 1, train, optimizer: 'adam' as const };
        const tracker = new RecyclingTracker();
        const session = setUpSession(analysisOf(source), o, tracker);
        const figures: number[][] = [];
        for (let r = 0; r < 3; r++) {
          releaseStep(tracker, runStep(session, o).pass);
          figures.push([tracker.live, tracker.peak, tracker.made]);
        }
        expect(figures[1], `${source} train ${train}`).toEqual(figures[0]);
        expect(figures[2]).toEqual(figures[0]);
      }
    }
  });
});
