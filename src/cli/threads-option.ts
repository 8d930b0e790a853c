// --threads N of the commands that run the executor (verify, run): its declaration and value. The
// threads themselves (threads-node.ts, which loads node:worker_threads) are imported only by a
// command that runs, so that `cnncalc table` does not pay for loading them.

import { configureThreads } from '../exec/threads/pool.js';
import { integerOption } from './options.js';

export const THREADS_OPTION = {
  name: 'threads', type: 'string', value: 'N',
  description: 'threads of the WebAssembly kernels (default: the cores available); 1 runs them on the calling thread',
} as const;

/** Sets the executor's threads from --threads (default: every core available). */
export async function useThreadsOption(text: string | undefined): Promise<void> {
  const threads = integerOption(text, '--threads', 1);
  const { nodeThreads } = await import('./threads-node.js');
  configureThreads(nodeThreads(threads));
}
