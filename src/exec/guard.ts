// The memory guard of verify and run: before anything is allocated, what the run will need is
// compared with the limit (--max-memory, default 4 GiB); over it, the run is refused with the
// figures. What a run needs is the tensors' bytes (the budget's prediction) and the executor's own
// objects, which grow with the number of layers and tensors whatever their size: a layer's record,
// its entries in the pass' arrays, each typed array's header, and verify's per-layer checks and
// report. Those are measured figures, rounded up. bench/executor-memory.mjs prints the growth of
// peak resident memory per layer on long chains less what compiling takes (RELU: verify 1,731,
// --train 1,712, run 652 bytes a layer; CONV(f=1, k=1), two tensors a layer: 2,299, 4,724, 1,784):
// the OBJECT_BYTES figures. The bench measures only RSS; the HEAP_BYTES figures come from a
// separate measurement that no script in bench/ repeats: the heapUsed of memoryUsage() under
// node --expose-gc, after forced full collections, with the session (exec/session.ts) of a long
// chain held alive, less the heap before it, per layer (RELU: session 261, verify's checks 379;
// CONV: session 1,600 inference, 2,208 training; BN, four tensors: 1,974 and 2,583; repeated for
// the sessions between 50,000 and 100,000 layers: RELU 266, CONV 1,605 and 2,208).
// The objects live on V8's heap, which has its own limit: guardHeap refuses, with a way out, a run
// whose objects would not fit in the heap that is left, rather than letting V8 abort the whole run.

import type { Analysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import { add, mul } from '../util/exact.js';
import { grouped } from '../util/grouped.js';
import type { OptimizerName } from './optim/optimizers.js';
import { executorPeak, predictBudget } from './verify.js';

export const DEFAULT_MAX_MEMORY = 4 * 1024 ** 3;

/** Resident bytes the executor's objects add per layer, and per parameter tensor, by command: the
 *  growth of peak RSS (garbage the collector has not yet freed included), rounded up. verify with
 *  and without --train share one per-layer figure (1,712 and 1,731 measured); training shows in the
 *  per-tensor figures, chosen by `train`, so a command's kind cannot disagree with its mode. */
export const OBJECT_BYTES_PER_LAYER = { run: 1024, verify: 2048 } as const;
export const OBJECT_BYTES_PER_TENSOR = { inference: 768, train: 2048 } as const;
/** The same objects' live bytes on V8's heap (after a full collection), with a quarter added for
 *  the collector's headroom: what must fit in the heap that is left. */
export const HEAP_BYTES_PER_LAYER = { run: 384, verify: 800 } as const;
export const HEAP_BYTES_PER_TENSOR = { inference: 900, train: 1280 } as const;

export type RunKind = keyof typeof OBJECT_BYTES_PER_LAYER;

export interface RunNeed {
  /** The budget's peak for the tensors, in the executor's conventions. */
  readonly tensors: number;
  /** The executor's objects, resident. */
  readonly objects: number;
  readonly total: number;
  /** The objects' live bytes on V8's heap (guardHeap). */
  readonly heap: number;
}

export class MemoryGuardError extends Error {
  override readonly name = 'MemoryGuardError';
  constructor(readonly need: RunNeed, readonly limit: number, hint: string) {
    super(`the run would need ${grouped(need.total)} bytes (${grouped(need.tensors)} for tensors, the budget's prediction, and ${grouped(need.objects)} for the executor's per-layer objects), more than the limit of ${grouped(limit)} bytes; ${hint}`);
  }

  /** Whether the layers' objects alone are over the limit: a smaller batch cannot help. */
  get objectsAlone(): boolean {
    return this.need.objects > this.limit;
  }
}

export class HeapGuardError extends Error {
  override readonly name = 'HeapGuardError';
  constructor(readonly objects: number, readonly heapLeft: number, readonly layers: number) {
    super(`the run's ${grouped(layers)} layers need about ${grouped(objects)} bytes of JavaScript heap for the executor's objects, more than the ${grouped(heapLeft)} bytes left`);
  }
}

/** Parameter and buffer tensors of the network, as the kinds declare them (BN four, CONV two or one, ...). */
function parameterTensors(analysis: Analysis): number {
  let n = 0;
  for (const a of analysis.layers) n += definitionOf(a.layer).parameters(a.layer.args, a.input, a.output).length;
  return n;
}

/** What a run of `analysis` needs: the tensors' peak and the executor's objects. */
export function predictRunNeed(analysis: Analysis, o: { batch: number; train: boolean; optimizer: OptimizerName }, kind: RunKind): RunNeed {
  const tensors = executorPeak(predictBudget(analysis, o));
  const layers = analysis.layers.length;
  const params = parameterTensors(analysis);
  const mode = o.train ? 'train' : 'inference';
  const objects = add('bytes', mul('bytes', layers, OBJECT_BYTES_PER_LAYER[kind]), mul('bytes', params, OBJECT_BYTES_PER_TENSOR[mode]));
  const heap = add('bytes', mul('bytes', layers, HEAP_BYTES_PER_LAYER[kind]), mul('bytes', params, HEAP_BYTES_PER_TENSOR[mode]));
  return { tensors, objects, total: add('bytes', tensors, objects), heap };
}

/** The run's need; throws MemoryGuardError above `limit`. */
export function guardMemory(analysis: Analysis, o: { batch: number; train: boolean; optimizer: OptimizerName }, limit: number, kind: RunKind = 'verify'): RunNeed {
  const need = predictRunNeed(analysis, o, kind);
  if (need.total > limit) throw new MemoryGuardError(need, limit, 'lower --batch or raise --max-memory');
  return need;
}

/** Throws HeapGuardError when the run's objects exceed `heapLeft` (V8's limit less what is used). */
export function guardHeap(need: RunNeed, heapLeft: number, layers: number): void {
  if (need.heap > heapLeft) throw new HeapGuardError(need.heap, heapLeft, layers);
}
