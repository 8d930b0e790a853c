// Splitting a kernel's work across threads over the shared wasm memory, while the executor's API
// stays synchronous: the caller posts a job in a control block inside that memory, wakes the
// workers (Atomics.notify), runs its own share, and waits (Atomics.wait) until every worker has
// finished its share. src/exec starts no threads itself: a platform supplies `spawn` (Node:
// src/cli/threads-node.ts; a browser: a Web Worker running String(workerMain) with the WorkerData
// posted to it, and the executor itself inside a Worker, since a page's main thread may not wait).
// Jobs go to the workers once all of them have started (each announces it in the control block):
// a browser starts a Web Worker only when the thread that made it returns to its event loop, so a
// first job that waited for one would never end (test/browser/executor.test.ts). Node's threads
// may block, and there the first job waits until the workers run (ThreadOptions.waitForStart).

import { wasmRuntime, type WasmRuntime } from '../wasm/runtime.js';
import type { WorkerData } from './worker.js';

/** Starts one worker thread running workerMain(data) (threads/worker.ts). */
export type SpawnWorker = (data: WorkerData) => void;

/** How many threads the executor's kernels use, and how this platform starts one. */
export interface ThreadOptions {
  /** Threads in all, the calling one included; 1 runs everything on the calling thread; more than
   *  MAX_THREADS run as MAX_THREADS. */
  readonly threads: number;
  readonly spawn?: SpawnWorker;
  /** How long the first job may block the calling thread until the new workers have started (ms,
   *  from configureThreads; Node's: cli/threads-node.ts). Unset in a browser, whose Web Workers
   *  start only once their maker is back in its event loop: threadsStarted() waits for them there. */
  readonly waitForStart?: number;
}

/** The kernels' operations, by their index in workerMain's table. */
export const OP = {
  gemm: 0, im2col: 1, col2im: 2, gemmDots: 3, winogradFilter: 4, winogradInput: 5, winogradOutput: 6, addBias: 7,
  relu: 8, reluBackward: 9, maxPool: 10, optimize: 11, winogradOutputAdjoint: 12, winogradFilterAdjoint: 13, gemmRows: 14, zero: 15, gemmBatch: 16, fcBackward: 17, biasGradient: 18, maxPoolBackward: 19,
  depthwiseForward: 20, depthwiseBackward: 21, bnForward: 22, bnBackward: 23, addInto: 24,
  siluForward: 25, siluBackward: 26, geluForward: 27, geluBackward: 28,
  lnForward: 29, lnBackwardInput: 30, lnBackwardParams: 31, avgPool: 32, avgPoolBackward: 33,
  fillUniform: 34, countNonFinite: 35, winograd4Input: 36, winograd4OutputAdjoint: 37, winograd4FilterAdjoint: 38,
} as const;
const OP_NAMES = Object.keys(OP) as (keyof typeof OP)[];

const RANGES = 32;
const SPINS = 20000;
const STARTED = 30;
const FAILED = 31;
/** A job's arguments lie in [4, STARTED) of the control block. */
const MAX_ARGS = STARTED - 4;
/** The most threads a pool runs (the control block's ranges have room for this many). */
export const MAX_THREADS = 16;

interface Pool {
  readonly ctl: Int32Array;
  readonly threads: number;
  /** Workers running (some may sit out a job when fewer threads were asked for later). */
  readonly workers: number;
  /** Until when (Date.now()) a job may block for the workers to start: 0, never. */
  readonly startBy: number;
}

let pool: Pool | null = null;
let started = 1;
let control = 0;

/** Sets the thread count (more workers start on first need; fewer just leaves some idle). */
export function configureThreads(o: ThreadOptions): void {
  const rt = wasmRuntime();
  const threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(o.threads)));
  if (!rt || threads === 1 || !o.spawn) {
    pool = null;
    return;
  }
  if (control === 0) control = rt.arena.reserve(64 * 4);
  for (; started < threads; started++) {
    o.spawn({ memory: rt.arena.memory, module: rt.module, control, index: started, scratch: rt.arena.reserve(rt.scratchBytes) });
  }
  const startBy = o.waitForStart ? Date.now() + o.waitForStart : 0;
  pool = { ctl: new Int32Array(rt.arena.memory.buffer, control, 64), threads, workers: started - 1, startBy };
}

/** The pool, where every worker has started: blocking for them, where its options allow, until
 *  they announce it (worker.ts notifies) or the time allowed is over; else null. Workers start
 *  while the caller sets up the run, so the first job mostly finds them running. */
function readyPool(): Pool | null {
  const p = pool;
  if (!p) return null;
  for (let n = Atomics.load(p.ctl, STARTED); n < p.workers; n = Atomics.load(p.ctl, STARTED)) {
    const left = p.startBy - Date.now();
    if (left <= 0) return null;
    Atomics.wait(p.ctl, STARTED, n, left);
  }
  return p;
}

/** Threads a job may use now: 1 until every worker has started (threadsReady); where the options
 *  let a job block for them (Node), it waits as a job would. */
export function threadCount(): number {
  return readyPool()?.threads ?? 1;
}

/** Whether every worker thread has started; until then jobs run on the calling thread, with the
 *  same results (a browser starts a Web Worker only once the thread that made it is back in its
 *  event loop: a job waiting for one that has not started would wait for ever). */
export function threadsReady(): boolean {
  return pool === null || Atomics.load(pool.ctl, STARTED) >= pool.workers;
}

/** Resolves true once every worker thread has started (at once where none was asked for), or
 *  false after `timeoutMs` without (a worker that cannot start: a page whose policy refuses it),
 *  when the jobs still run, on the calling thread. */
export async function threadsStarted(timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!threadsReady() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 1));
  return threadsReady();
}

/**
 * Runs op(...args, lo, hi, scratch) over [0, total) split into ranges that are multiples of
 * `align` (the last one excepted), one per thread; the caller's share runs here.
 */
export function parallel(rt: WasmRuntime, op: number, args: readonly number[], total: number, align: number): void {
  if (total <= 0) return;
  const fn = rt.kernels[OP_NAMES[op]!];
  const p = readyPool();
  const share = p ? Math.ceil(total / p.threads / align) * align : total;
  if (!p || share >= total) {
    fn(...args, 0, total, rt.scratch);
    return;
  }
  const { ctl, workers } = p;
  if (args.length > MAX_ARGS) throw new Error(`a job takes at most ${MAX_ARGS} arguments (${OP_NAMES[op]} has ${args.length})`);
  ctl[2] = op;
  ctl[3] = args.length;
  ctl.set(args, 4);
  for (let i = 0; i <= workers; i++) {
    ctl[RANGES + 2 * i] = Math.min(total, i * share);
    ctl[RANGES + 2 * i + 1] = Math.min(total, (i + 1) * share);
  }
  Atomics.store(ctl, 1, 0);
  Atomics.add(ctl, 0, 1);
  Atomics.notify(ctl, 0);
  fn(...args, 0, Math.min(total, share), rt.scratch);
  // polled a while before sleeping, as the workers do (worker.ts SPINS)
  for (let spins = 0, done = Atomics.load(ctl, 1); done < workers; done = Atomics.load(ctl, 1)) {
    if (spins++ >= SPINS) Atomics.wait(ctl, 1, done);
  }
  if (Atomics.exchange(ctl, FAILED, 0) !== 0) throw new Error('a kernel failed in a worker thread');
}
