// The most cnncalc reads from each kind of file, and why (read-file.ts enforces these; the README's
// "Files" paragraph states them).
//
// A network's source is capped by what the parser can hold: measured (bench, Node 20, default heap
// of 4,144 MiB), parsing takes 30-37 bytes of heap per byte of source for chains of layers and up
// to 136 for the densest form found, a branch of one-letter alternatives {ID|ID|...}: 24 MB of it
// parse in 2.9 GB of heap, 32 MB in 3.8 GB (70 s, the collector thrashing), 150 MB exhaust it. The cap
// is 1/200 of the heap limit, 20.7 MiB by default: the worst form parses in about 2.7 GB and leaves
// room for the expander to count the layers and refuse. A million layers written out one per line
// (bench/gen-network.mjs) are 11.6 MB. Raising the heap raises the cap with it. A source of at most
// 4 MiB is read without asking the heap: asking loads node:v8 (memory-guard.ts's heapLimit), about
// 2 ms, a twentieth of a short run, so a small network's commands never load it.

import type { TensorFormat } from '../tensor-io/errors.js';
import { binarySize } from '../report/format.js';
import { heapLimit } from './heap.js';
import type { FileKind } from './read-file.js';

const HEAP_BYTES_PER_SOURCE_BYTE = 200;
const READ_WITHOUT_ASKING = 4 * 2 ** 20;

/** What a network file (or stdin, or --eval) may hold, for this process's heap. */
export function networkFileKind(): FileKind {
  return {
    what: 'the network',
    readsAtLeast: READ_WITHOUT_ASKING,
    orElse: " (or '-' for stdin)",
    get cap() {
      return Math.max(READ_WITHOUT_ASKING, Math.floor(heapLimit() / HEAP_BYTES_PER_SOURCE_BYTE));
    },
    get beyondCap() {
      return (
        `as a network (1/${HEAP_BYTES_PER_SOURCE_BYTE} of the ${binarySize(heapLimit())} heap, which parsing a larger one may exhaust); ` +
        'write long runs of layers as repeats, e.g. [CONV3-64 => RELU]*N, or raise the heap with NODE_OPTIONS=--max-old-space-size=MiB'
      );
    },
  };
}

/** 2 GiB: a batch is held as float32 beside the file's bytes while it is read, and the default
 *  --max-memory of a run is 4 GiB. */
const NPY_CAP = 2 ** 31;
/** 4 GiB: the executor holds every weight as float32 on the CPU; VGG16's are 528 MB. */
const SAFETENSORS_CAP = 2 ** 32;

export function tensorFileKind(what: string, format: TensorFormat): FileKind {
  return format === 'npy'
    ? { what, cap: NPY_CAP, beyondCap: 'from a .npy file; split the batch into smaller files' }
    : { what, cap: SAFETENSORS_CAP, beyondCap: 'from a safetensors file (the executor holds every weight as float32 in memory)' };
}
