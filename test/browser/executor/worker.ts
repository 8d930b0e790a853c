// The executor inside a Web Worker, as the README tells a page to run it (a page's main thread may
// not wait in Atomics.wait): its kernels' threads are Web Workers running workerMain's own source,
// each posted its WorkerData. test/browser/executor.test.ts bundles this file for the browser and
// posts it jobs (job.ts); each answer also says whether the page was cross-origin isolated and
// whether the threads had all started.

import { configureThreads, threadsReady, threadsStarted, workerMain, type WorkerData } from '../../../src/exec/index.js';
import { runJob, type Job, type Ran } from './job.js';

/** The little of a worker's global scope used here (this project's types have no DOM). */
interface WorkerScope {
  postMessage(message: Ran & { readonly isolated: boolean; readonly ready: boolean }): void;
  onmessage: ((e: { readonly data: Job & { readonly threads: number; readonly wait: boolean } }) => Promise<void>) | null;
  readonly crossOriginIsolated: boolean;
  readonly Worker: new (url: string) => { postMessage(message: WorkerData): void };
  readonly Blob: new (parts: string[], o: { type: string }) => object;
  readonly URL: { createObjectURL(blob: object): string };
}

const scope = globalThis as unknown as WorkerScope;
const threadScript = scope.URL.createObjectURL(new scope.Blob([`onmessage = (e) => (${String(workerMain)})(e.data);`], { type: 'text/javascript' }));
const spawn = (data: WorkerData): void => new scope.Worker(threadScript).postMessage(data);

// the kernels' threads start once this thread is back in its event loop, and until they have the
// jobs run here alone (pool.ts): `wait` waits for them first
scope.onmessage = async ({ data }) => {
  configureThreads({ threads: data.threads, spawn });
  if (data.wait) await threadsStarted();
  scope.postMessage({ ...runJob(data), isolated: scope.crossOriginIsolated, ready: threadsReady() });
};
