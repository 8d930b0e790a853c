// Node's threads for the executor's WebAssembly kernels (exec/threads/pool.ts): each worker is a
// worker_threads Worker running workerMain's own source, so no separate worker file has to ship
// beside the bundle. Unreferenced: idle workers do not keep the process alive.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ThreadOptions } from '../exec/threads/pool.js';
import { workerMain, type WorkerData } from '../exec/threads/worker.js';

function spawn(data: WorkerData): void {
  const program = `(${String(workerMain)})(require('node:worker_threads').workerData);`;
  new Worker(program, { eval: true, workerData: data }).unref();
}

/** A Node thread may block while its workers start (a browser's may not wait on a Worker it has
 *  just made): so the first job is already split, as the tests of the split paths need. It waits
 *  at most this long from configureThreads (workers start in about 40 ms here). */
const START_WAIT_MS = 10_000;

/** Thread options for `threads` threads (default: the cores Node may use). */
export function nodeThreads(threads = availableParallelism()): ThreadOptions {
  return { threads, spawn, waitForStart: START_WAIT_MS };
}

