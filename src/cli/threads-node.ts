// Node's threads for the executor's WebAssembly kernels (exec/threads/pool.ts): each worker is a
// worker_threads Worker running workerMain's own source, so no separate worker file has to ship
// beside the bundle. Unreferenced: idle workers do not keep the process alive.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { configureThreads, type ThreadOptions } from '../exec/threads/pool.js';
import { workerMain, type WorkerData } from '../exec/threads/worker.js';
import { integerOption } from './options.js';

export const THREADS_OPTION = {
  name: 'threads', type: 'string', value: 'N',
  description: 'threads of the WebAssembly kernels (default: the cores available); 1 runs them on the calling thread',
} as const;

function spawn(data: WorkerData): void {
  const program = `(${String(workerMain)})(require('node:worker_threads').workerData);`;
  new Worker(program, { eval: true, workerData: data }).unref();
}

/** Thread options for `threads` threads (default: the cores Node may use). */
export function nodeThreads(threads = availableParallelism()): ThreadOptions {
  return { threads, spawn };
}

/** Sets the executor's threads from --threads (default: every core available). */
export function useThreadsOption(text: string | undefined): void {
  configureThreads(nodeThreads(integerOption(text, '--threads', 1) ?? availableParallelism()));
}
