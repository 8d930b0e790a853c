// verify's and run's memory guard at the command line (exec/guard.ts works the figures out): a run
// predicted to need more than --max-memory, or whose objects would not fit in what is left of V8's
// heap, is refused before anything is allocated, with a one-line message that says what to do,
// instead of running out of memory part-way (V8 aborts the process with a native trace). The heap's
// figures come from heap.ts.

import type { Analysis } from '../analysis/analyze.js';
import { guardHeap, guardMemory, HeapGuardError, MemoryGuardError, type RunKind } from '../exec/guard.js';
import type { OptimizerName } from '../exec/optim/optimizers.js';
import { binarySize } from '../report/format.js';
import { FigureOverflow } from '../util/exact.js';
import { EXIT } from './exit-codes.js';
import { heapLeft, heapLimit } from './heap.js';
import type { Io } from './io.js';

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
