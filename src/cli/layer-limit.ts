// How far --max-layers may be raised: as far as V8's heap holds the network through every command.
// bench/limits.mjs measures, for each command, the largest `INPUT => RELU*N` that runs within a
// 4 GiB heap (node --max-old-space-size=4096): parsing, expansion, the analysis, the report and
// (verify, run) the executor together keep up to PIPELINE_HEAP_PER_LAYER bytes of heap per layer in
// the command that needs the most (README's Limits paragraph has the figures). Past what the heap
// holds V8 aborts part-way with a native trace, so the ceiling is the heap limit divided by that,
// and a larger heap raises it. Only a --max-layers that is given is checked against the heap: reading
// it loads node:v8 (memory-guard.ts's heapLimit, on first use), which every start would otherwise
// pay for; the default (1,000,000) is not, and needs 2 GiB of heap.

import { binarySize } from '../report/format.js';
import { grouped } from '../util/grouped.js';
import { heapLimit } from './heap.js';

/** Measured (bench/limits.mjs, Node 20, 4 GiB heap): verify ran 2,000,000 layers (3.4 GB peak RSS),
 *  layers 3,750,000, table 6,500,000; 2 KiB a layer puts the ceiling at 2,121,000 there (V8's limit
 *  is 4,144 MiB with --max-old-space-size=4096, Node 20's default on a large machine), where every
 *  command has run. */
export const PIPELINE_HEAP_PER_LAYER = 2048;

/** The most layers --max-layers accepts in this process's heap, rounded down to a thousand. */
export function maxLayersCeiling(heap = heapLimit()): number {
  return Math.floor(heap / PIPELINE_HEAP_PER_LAYER / 1000) * 1000;
}

/** The refusal of a --max-layers above the ceiling: the heap it would need, and how to give it. */
export function maxLayersRefusal(maxLayers: number, heap = heapLimit()): string {
  const mib = Math.ceil((maxLayers * PIPELINE_HEAP_PER_LAYER) / 2 ** 20 / 1024) * 1024;
  return `--max-layers can be at most ${grouped(maxLayersCeiling(heap))} in Node's ${binarySize(heap)} heap ` +
    `(${binarySize(PIPELINE_HEAP_PER_LAYER)} per layer); got ${grouped(maxLayers)}: give Node a larger heap ` +
    `(NODE_OPTIONS=--max-old-space-size=${mib}) or write fewer layers`;
}
