// Jobs go to the worker threads only once every one has started (threads/pool.ts): until then they
// run on the calling thread, threadCount() says 1, and threadsStarted() (or a job allowed to block:
// waitForStart) says, within its time limit, whether they did.
// A spawn that never starts its worker stands in for a browser whose Web Worker cannot start yet
// (test/browser/executor.test.ts runs the real thing); its own file, as a thread counted as spawned
// stays so for the process.

import { expect, it } from 'vitest';
import { configureThreads, threadCount, threadsReady, threadsStarted } from '../../src/exec/threads/pool.js';
import { addFloats } from '../../src/exec/wasm/elementwise.js';
import { inWasm } from './wasm/helpers.js';

it('with one thread, the threads are ready at once', async () => {
  configureThreads({ threads: 1 });
  expect(threadsReady()).toBe(true);
  expect(await threadsStarted()).toBe(true);
});

it('with a worker that never starts, jobs run on the calling thread and threadsStarted gives up', async () => {
  const spawned: number[] = [];
  configureThreads({ threads: 2, spawn: (data) => spawned.push(data.index) });
  expect([spawned, threadCount(), threadsReady()]).toEqual([[1], 1, false]);
  const n = 3 * 65_536 + 5; // large enough to be split, were the worker there
  const a = inWasm(Float32Array.from({ length: n }, (_, i) => i));
  const b = inWasm(Float32Array.from({ length: n }, (_, i) => 2 * i));
  addFloats(a, a, b, n); // would wait for ever for the worker's share
  expect([a[0], a[1], a[n - 1]]).toEqual([0, 3, 3 * (n - 1)]);
  const start = Date.now();
  expect(await threadsStarted(50)).toBe(false);
  expect(Date.now() - start).toBeGreaterThanOrEqual(45);
  configureThreads({ threads: 1 });
});

it('a job that may block for the workers waits that long for one that never starts, then runs alone', () => {
  const start = Date.now();
  configureThreads({ threads: 3, spawn: () => {}, waitForStart: 50 });
  expect([threadsReady(), threadCount()]).toEqual([false, 1]); // threadCount waits as a job would
  expect(Date.now() - start).toBeGreaterThanOrEqual(45);
  const a = inWasm(new Float32Array(200_000).fill(1));
  addFloats(a, a, a, a.length);
  expect([a[0], a[199_999]]).toEqual([2, 2]);
  configureThreads({ threads: 1 });
});
