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

/** Thread options for `threads` threads (default: the cores Node may use). */
export function nodeThreads(threads = availableParallelism()): ThreadOptions {
  return { threads, spawn };
}

