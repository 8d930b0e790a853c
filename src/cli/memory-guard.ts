// verify's and run's memory guard at the command line (exec/guard.ts works the figures out): a run
// predicted to need more than --max-memory, or whose objects would not fit in what is left of V8's
// heap, is refused before anything is allocated, with a one-line message that says what to do,
// instead of running out of memory part-way (V8 aborts the process with a native trace). It is also
// the one place that reads V8's heap (heapStatistics, heapLimit), for file-kinds.ts and
// layer-limit.ts too, loading node:v8 only then.

import { createRequire } from 'node:module';
import type { HeapInfo } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Analysis } from '../analysis/analyze.js';
import { guardHeap, guardMemory, HeapGuardError, MemoryGuardError, type RunKind } from '../exec/guard.js';
import type { OptimizerName } from '../exec/optim/optimizers.js';
import { binarySize } from '../report/format.js';
import { FigureOverflow } from '../util/exact.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** V8's young generation (three 16 MiB semi-spaces on 64-bit), which heap_size_limit includes but
 *  long-lived objects cannot use: with --max-old-space-size=130 the limit reads 178 MiB. */
const YOUNG_GENERATION = 48 * 2 ** 20;

let v8: typeof import('node:v8') | undefined;

/** node:v8, loaded on first use: loading it costs about 2 ms, a twentieth of a short run, so a
 *  command that never asks about the heap (a table of a small network) never loads it. A require,
 *  not import(), since the callers are synchronous; its base is the node binary, an absolute path,
 *  so that nothing asks for the working directory (which may have been deleted: process.cwd()
 *  throws ENOENT then), and a built-in module resolves the same from any base. */
function loadV8(): typeof import('node:v8') {
  return (v8 ??= createRequire(process.execPath)('node:v8') as typeof import('node:v8'));
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

/** The refusal's line; `smaller` says how to make the tensors smaller (run has no --batch). */
function guardMessage(command: string, e: MemoryGuardError, smaller = 'lower --batch'): string {
  const need = `${binarySize(e.need.total)} (${binarySize(e.need.tensors)} of tensors, the budget's prediction, and ${binarySize(e.need.objects)} of the executor's per-layer objects)`;
  const fix = e.objectsAlone ? `${command} a network with fewer layers` : smaller;
  return `cnncalc ${command}: the run would need ${need}, more than --max-memory ${binarySize(e.limit)}; ${fix} or raise --max-memory\n`;
}

function heapMessage(command: string, e: HeapGuardError): string {
  const mib = Math.ceil((e.objects + (heapLimit() - e.heapLeft)) / 2 ** 20 / 1024) * 1024;
  return `cnncalc ${command}: the run's ${e.layers.toLocaleString('en-US')} layers need about ${binarySize(e.objects)} of JavaScript heap for the executor's objects, more than the ${binarySize(e.heapLeft)} left of Node's heap; ` +
    `${command} a network with fewer layers, or give Node a larger heap (NODE_OPTIONS=--max-old-space-size=${mib})\n`;
}

interface GuardRequest {
  readonly command: 'verify' | 'run' | 'bench';
  readonly batch: number;
  readonly train: boolean;
  readonly optimizer: OptimizerName;
  readonly limit: number;
  readonly kind: RunKind;
  /** How to make the tensors smaller, for the message. */
  readonly smaller?: string;
}

/** Null when the run may go ahead; else the exit code, its message written to stderr. */
export function refuseRunOverMemory(analysis: Analysis, r: GuardRequest, io: Io): number | null {
  try {
    const need = guardMemory(analysis, r, r.limit, r.kind);
    const layers = analysis.layers.length - 1; // after INPUT, as table numbers them
    if (need.heap > heapLeft()) guardHeap(need, heapLeft(true), layers);
    return null;
  } catch (e) {
    if (e instanceof FigureOverflow) io.stderr(`cnncalc ${r.command}: the run's memory is too large to count exactly (${e.message}); ${r.smaller ?? 'lower --batch'}\n`);
    else if (e instanceof MemoryGuardError) io.stderr(guardMessage(r.command, e, r.smaller));
    else if (e instanceof HeapGuardError) io.stderr(heapMessage(r.command, e));
    else throw e;
    return EXIT.badInput;
  }
}
