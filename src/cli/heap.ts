// V8's heap as the command line reads it: its limit and what is left of it, for the memory guard
// (memory-guard.ts), the refusal of files too large to read (file-kinds.ts) and the layer limit
// (layer-limit.ts). Apart from the guard, which brings the executor's figures with it, so that a
// command that only reads a network (table) loads none of the executor.

import type { HeapInfo } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's young generation (three 16 MiB semi-spaces on 64-bit), which heap_size_limit includes but
 *  long-lived objects cannot use: with --max-old-space-size=130 the limit reads 178 MiB. */
const YOUNG_GENERATION = 48 * 2 ** 20;

let v8: typeof import('node:v8') | undefined;

/** node:v8, loaded on first use: loading it costs about 2 ms, a twentieth of a short run, so a
 *  command that never asks about the heap (a table of a small network) never loads it. By
 *  process.getBuiltinModule (Node 20.16 on), which resolves nothing, so that nothing asks for the
 *  working directory (which may have been deleted: process.cwd() throws ENOENT then); before 20.16
 *  by the main module's require (the command line's bin/cnncalc.cjs). Not createRequire: importing
 *  node:module costs 0.2 ms at every start. */
function loadV8(): typeof import('node:v8') {
  return (v8 ??= process.getBuiltinModule?.('node:v8') ?? (process.mainModule!.require('node:v8') as typeof import('node:v8')));
}

/** V8's heap figures now (heap_size_limit is the limit, used_heap_size what is in use). */
function heapStatistics(): HeapInfo {
  return loadV8().getHeapStatistics();
}

/** V8's heap limit in bytes (what --max-old-space-size sets, and the young generation). */
export const heapLimit = (): number => heapStatistics().heap_size_limit;

/** Bytes the old generation, where the executor's objects end up, can still grow by. What is in
 *  use includes garbage not yet collected (compiling a long network leaves about a third more than
 *  it keeps): `collect` first runs a full collection, for a figure that does not refuse runs that
 *  fit. It costs a fraction of a second on a long network, so only a close call asks for it. */
export function heapLeft(collect = false): number {
  if (collect) collectGarbage();
  const h = heapStatistics();
  return Math.max(0, h.heap_size_limit - YOUNG_GENERATION - h.used_heap_size);
}

/** A full garbage collection: V8 offers one to code only behind --expose-gc, which can be set at
 *  run time (flags on the command line would make V8 reject the code cache, CONTRIBUTING.md). */
function collectGarbage(): void {
  loadV8().setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
