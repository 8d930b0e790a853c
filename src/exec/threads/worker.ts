// The body of a worker thread of the WebAssembly backend, platform-neutral: it instantiates the
// kernels over the shared memory and runs its share of each job posted in the control block
// (threads/pool.ts) until the process ends. A platform starts it in a thread of its own (the Node
// side in src/cli/threads-node.ts; a browser would start a Web Worker from the same source): it is
// self-contained (no imports, no closures), so `String(workerMain)` is its whole program.

import type { WasmApi, WasmMemory, WasmModule } from '../wasm/webassembly.js';

/** What a worker is started with; all of it survives structured cloning (postMessage). */
export interface WorkerData {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  /** Byte address of the control block (Int32Array, threads/pool.ts CONTROL). */
  readonly control: number;
  /** This thread's index, 1 and up (0 is the caller's), and its packing scratch. */
  readonly index: number;
  readonly scratch: number;
}

export function workerMain(d: WorkerData): void {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const exports = new wasm.Instance(d.module, { env: { memory: d.memory } }).exports;
  const names = ['gemm', 'im2col', 'col2im', 'gemmDots', 'winogradFilter', 'winogradInput', 'winogradOutput', 'addBias',
    'relu', 'reluBackward', 'maxPool', 'optimize', 'winogradOutputAdjoint', 'winogradFilterAdjoint',
    'gemmRows', 'zero', 'gemmBatch', 'fcBackward', 'biasGradient', 'maxPoolBackward', 'depthwiseForward', 'depthwiseBackward', 'bnForward', 'bnBackward', 'addInto', 'siluForward', 'siluBackward',
    'geluForward', 'geluBackward', 'lnForward', 'lnBackwardInput', 'lnBackwardParams', 'avgPool', 'avgPoolBackward',
    'fillUniform', 'countNonFinite', 'winograd4Input', 'winograd4OutputAdjoint', 'winograd4FilterAdjoint']; // OP's order
  const ops = names.map((n) => exports[n]) as ((...a: number[]) => void)[];
  const ctl = new Int32Array(d.memory.buffer, d.control, 64);
  // Polled this many times before sleeping: waking a thread from Atomics.wait costs about 80 us on
  // this machine kind, more than many jobs take, and the next job usually follows at once.
  const SPINS = 20000;
  // The job count as this thread starts, then the start announced ([30]; a caller blocked waiting
  // for the workers is woken): the caller posts jobs only once every worker has announced it
  // (pool.ts), so none sees a job that was not posted for it.
  let seen = Atomics.load(ctl, 0);
  Atomics.add(ctl, 30, 1);
  Atomics.notify(ctl, 30);
  for (;;) {
    for (let i = 0; i < SPINS && Atomics.load(ctl, 0) === seen; i++);
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    // layout: [0] generation, [1] finished, [2] op, [3] argument count, [4..] arguments,
    // [30] workers started, [31] a worker failed, [32 + 2i], [33 + 2i]: thread i's range
    try {
      const args = Array.from(ctl.subarray(4, 4 + ctl[3]!));
      const lo = ctl[32 + 2 * d.index]!;
      const hi = ctl[33 + 2 * d.index]!;
      if (lo < hi) ops[ctl[2]!]!(...args, lo, hi, d.scratch);
    } catch {
      Atomics.store(ctl, 31, 1); // the waiting caller cannot receive an error event: it reads this
    }
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
}
