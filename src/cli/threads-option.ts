// --threads N of the commands that run the executor (verify, run, bench): its declaration and value. The
// threads themselves (threads-node.ts, which loads node:worker_threads) are imported only by a
// command that runs, so that `cnncalc table` does not pay for loading them.

import { availableParallelism } from 'node:os';
import { configureThreads, MAX_THREADS } from '../exec/threads/pool.js';
import { integerOption } from './options.js';

export const THREADS_OPTION = {
  name: 'threads', type: 'string', value: 'N',
  description: `threads of the WebAssembly kernels, 1 to ${MAX_THREADS} (default: the cores available, at most ${MAX_THREADS}); 1 runs them on the calling thread`,
} as const;

/** --threads' value: 1 to MAX_THREADS, the most the pool runs, so that what a report says it ran
 *  on is what it ran on (default: the cores available, up to that). */
export function threadsValue(text: string | undefined): number {
  return integerOption(text, '--threads', 1, MAX_THREADS) ?? Math.min(availableParallelism(), MAX_THREADS);
}

/** Starts the executor's threads, `threads` of them in all (threadsValue). */
export async function startThreads(threads: number): Promise<void> {
  const { nodeThreads } = await import('./threads-node.js');
  configureThreads(nodeThreads(threads));
}

/** Sets the executor's threads from --threads. */
export async function useThreadsOption(text: string | undefined): Promise<void> {
  await startThreads(threadsValue(text));
}
