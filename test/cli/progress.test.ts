// The progress line driven by a fake terminal and a fake clock: silence off a terminal and during
// the first delayMs, redraws at most every 100 ms, the remaining-time estimate, fitting the width.

import { describe, expect, it } from 'vitest';
import { createProgress, duration, progressLine } from '../../src/cli/progress.js';

function terminal(columns = 100, isTTY = true) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (s: string) => writes.push(s) } };
}

function clock(start = 5000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createProgress', () => {
  it('prints nothing when the stream is not a terminal', () => {
    const { writes, stream } = terminal(100, false);
    const c = clock();
    const p = createProgress({ stream, total: 10, label: 'verify', now: c.now, delayMs: 0 });
    c.advance(5000);
    p.tick(5);
    p.finish();
    expect(writes).toEqual([]);
  });

  it('prints nothing for a run shorter than the delay', () => {
    const { writes, stream } = terminal();
    const c = clock();
    const p = createProgress({ stream, total: 3, label: 'verify', now: c.now });
    for (let i = 1; i <= 3; i++) {
      c.advance(300);
      p.tick(i);
    }
    p.finish();
    expect(writes).toEqual([]);
  });

  it('draws after the delay, with elapsed and remaining time from the rate so far', () => {
    const { writes, stream } = terminal(100);
    const c = clock();
    const p = createProgress({ stream, total: 38, label: 'verify', now: c.now });
    c.advance(999);
    p.tick(3);
    expect(writes).toEqual([]);
    c.advance(2101); // 3.1 s in, 12 of 38 done: 26 left at 3.1 s / 12 each = 6.716... s
    p.tick(12, 'layer 12 of 38');
    expect(writes).toHaveLength(1);
    // bar: 30 wide, 12/38 of it = 9.47 -> 9 filled
    expect(writes[0]).toBe(`\rverify [${'#'.repeat(9)}${'-'.repeat(21)}] layer 12 of 38  elapsed 3.1s  remaining ~6.7s\x1b[K`);
  });

  it('redraws at most every 100 ms', () => {
    const { writes, stream } = terminal();
    const c = clock();
    const p = createProgress({ stream, total: 100, label: 'run', now: c.now, delayMs: 0 });
    for (let i = 1; i <= 100; i++) {
      c.advance(10); // 1 s in all: ticks at 10, 20, ... ms; draws at 10, 110, 210, ..., 910
      p.tick(i);
    }
    expect(writes).toHaveLength(10);
    expect(writes.every((w) => w.startsWith('\r') && !w.includes('\n'))).toBe(true);
  });

  it('defaults the detail to "done of total"', () => {
    const { writes, stream } = terminal();
    const c = clock();
    const p = createProgress({ stream, total: 4, label: 'run', now: c.now, delayMs: 0 });
    c.advance(2000);
    p.tick(1);
    expect(writes[0]).toContain('] 1 of 4  elapsed 2.0s  remaining ~6.0s');
  });

  it('finish() erases a drawn line, and nothing when none was drawn; later ticks do nothing', () => {
    const a = terminal();
    const c = clock();
    const p = createProgress({ stream: a.stream, total: 2, label: 'run', now: c.now, delayMs: 0 });
    c.advance(200);
    p.tick(1);
    p.finish();
    c.advance(200);
    p.tick(2);
    p.finish();
    expect(a.writes).toHaveLength(2);
    expect(a.writes[1]).toBe('\r\x1b[K');

    const b = terminal();
    createProgress({ stream: b.stream, total: 2, label: 'run', now: c.now }).finish();
    expect(b.writes).toEqual([]);
  });

  it('fits an 80-column terminal when the width is not known', () => {
    const { writes, stream } = terminal();
    const unknownWidth = { isTTY: true, write: stream.write };
    const c = clock();
    const p = createProgress({ stream: unknownWidth, total: 38, label: 'verify', now: c.now, delayMs: 0 });
    c.advance(100);
    p.tick(12, 'layer 12 of 38');
    const line = writes[0]!.replace('\r', '').replace('\x1b[K', '');
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/^verify \[#+-+\] layer 12 of 38 {2}elapsed 0.1s {2}remaining ~0.2s$/);
  });
});

describe('progressLine', () => {
  const state = { label: 'verify', done: 12, total: 38, detail: 'layer 12 of 38', elapsedMs: 3100 };
  const full = 'layer 12 of 38  elapsed 3.1s  remaining ~6.7s'; // 45 characters

  it('shrinks the bar, then drops it, then the remaining and elapsed times, then cuts', () => {
    expect(progressLine({ ...state, width: 200 })).toMatch(/^verify \[[#-]{30}\] /); // at most 30
    expect(progressLine({ ...state, width: 70 })).toBe(`verify [${'#'.repeat(5)}${'-'.repeat(10)}] ${full}`); // 6 + 4 + 45 + 15
    expect(progressLine({ ...state, width: 64 })).toBe(`verify ${full}`); // a 9-wide bar is too small to show
    expect(progressLine({ ...state, width: 40 })).toBe('verify layer 12 of 38  elapsed 3.1s');
    expect(progressLine({ ...state, width: 25 })).toBe('verify layer 12 of 38');
    expect(progressLine({ ...state, width: 10 })).toBe('verify lay');
    for (let width = 0; width <= 120; width++) expect(progressLine({ ...state, width }).length).toBeLessThanOrEqual(width);
  });

  it('fills the bar in proportion, leaves out the estimate before the first unit and after the last', () => {
    expect(progressLine({ label: 'x', done: 0, total: 4, elapsedMs: 500, width: 100 })).toBe(`x [${'-'.repeat(30)}] 0 of 4  elapsed 0.5s`);
    expect(progressLine({ label: 'x', done: 4, total: 4, elapsedMs: 500, width: 100 })).toBe(`x [${'#'.repeat(30)}] 4 of 4  elapsed 0.5s`);
    expect(progressLine({ label: 'x', done: 9, total: 4, elapsedMs: 500, width: 100 })).toContain(`[${'#'.repeat(30)}]`);
    expect(progressLine({ label: 'x', done: 0, total: 0, elapsedMs: 0, width: 100 })).toContain(`[${'#'.repeat(30)}] 0 of 0`);
  });
});

describe('duration', () => {
  it.each([
    [0, '0.0s'],
    [3140, '3.1s'],
    [59_940, '59.9s'],
    [59_960, '1m00s'],
    [125_000, '2m05s'],
    [3_599_000, '59m59s'],
    [3_720_000, '1h02m'],
    [90_000_000, '25h00m'],
  ])('%d ms is %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
