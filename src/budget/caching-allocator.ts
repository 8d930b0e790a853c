// PyTorch's CUDA caching allocator, as the budget models it (modelled, not measured): how a tensor
// of n bytes becomes a block, and how the blocks live at one moment become segments (cudaMalloc'd
// memory, torch.cuda.memory_reserved). What decides an out-of-memory is the segments, not the
// blocks. The constants and rules are those of c10/cuda/CUDACachingAllocator.cpp (PyTorch 2.x):
//   kMinBlockSize  = 512       "all sizes are rounded to at least 512 bytes"
//   kSmallSize     = 1048576   "largest 'small' allocation is 1 MiB"
//   kSmallBuffer   = 2097152   "'small' allocations are packed in 2 MiB blocks"
//   kLargeBuffer   = 20971520  "'large' allocations may be packed in 20 MiB blocks"
//   kMinLargeAlloc = 10485760  "allocations between 1 and 10 MiB may use kLargeBuffer"
//   kRoundLarge    = 2097152   "round up large allocations to 2 MiB"
//   round_size(n)          = max(512, 512 x ceil(n / 512))   (roundup_power2_divisions unset)
//   get_allocation_size(s) = kSmallBuffer if s <= kSmallSize; kLargeBuffer if s < kMinLargeAlloc;
//                            else kRoundLarge x ceil(s / kRoundLarge)
//   should_split: a small block's remainder is split off when >= 512 B, a large one's when > 1 MiB
//
// Segments for one moment's blocks (the rule this budget adopts; the allocator's real history can
// differ, see docs/budget.md "The CUDA side"):
//   small blocks (<= 1 MiB) share 2 MiB segments: 2 MiB x ceil(their sum / 2 MiB) (they split
//     down to 512 B, so they pack without loss but in the last segment)
//   blocks of 1 to 10 MiB share 20 MiB segments, first fit in decreasing size (a remainder of
//     1 MiB or less is not split off, which changes no count here: no block of this class fits it)
//   larger blocks each get a segment of their own, rounded up to 2 MiB

import { add, mul, sum } from '../util/exact.js';

const MiB = 2 ** 20;
export const MIN_BLOCK = 512;
export const SMALL_SIZE = MiB;
export const SMALL_SEGMENT = 2 * MiB;
export const LARGE_SEGMENT = 20 * MiB;
export const MIN_LARGE_ALLOC = 10 * MiB;
export const ROUND_LARGE = 2 * MiB;

function roundUp(n: number, unit: number): number {
  return mul('allocator bytes', Math.ceil(n / unit), unit);
}

/** round_size: the block a request of n bytes takes. */
export function blockSize(n: number): number {
  return n <= MIN_BLOCK ? MIN_BLOCK : roundUp(n, MIN_BLOCK);
}

/** get_allocation_size: the segment cudaMalloc'd when no cached block fits a block of s bytes. */
export function segmentSize(s: number): number {
  if (s <= SMALL_SIZE) return SMALL_SEGMENT;
  if (s < MIN_LARGE_ALLOC) return LARGE_SEGMENT;
  return roundUp(s, ROUND_LARGE);
}

/** Bytes of 1-10 MiB blocks (largest first) packed into 20 MiB segments, first fit decreasing. */
function mediumSegments(decreasing: readonly number[]): number {
  const free: number[] = [];
  for (const b of decreasing) {
    const i = free.findIndex((f) => f >= b);
    if (i < 0) free.push(LARGE_SEGMENT - b);
    else free[i] = free[i]! - b;
  }
  return mul('reserved bytes', free.length, LARGE_SEGMENT);
}

/** The allocator's view of one moment: the blocks (allocated) and the segments (reserved). */
export interface AllocatorFigures {
  readonly allocated: number;
  readonly reserved: number;
}

/** Blocks as the segment rules see them: every block's bytes, the small blocks' sum, the large
 *  blocks' own segments, and the 1-10 MiB blocks, largest first, still to pack. Tallies of two sets
 *  of tensors join without sorting again, so the persistent state (parameters, gradients, optimizer
 *  state: the same at every moment) is tallied once per budget, not once per moment. */
export interface BlockTally {
  readonly allocated: number;
  readonly small: number;
  readonly large: number;
  readonly medium: readonly number[];
}

/** The tally of tensors of these sizes (bytes each; zero-sized ones take nothing). */
export function tally(tensors: readonly number[]): BlockTally {
  let allocated = 0;
  let small = 0;
  let large = 0;
  const medium: number[] = [];
  for (const n of tensors) {
    if (n <= 0) continue;
    const b = blockSize(n);
    allocated = add('allocated bytes', allocated, b);
    if (b <= SMALL_SIZE) small = add('reserved bytes', small, b);
    else if (b < MIN_LARGE_ALLOC) medium.push(b);
    else large = add('reserved bytes', large, segmentSize(b));
  }
  return { allocated, small, large, medium: medium.sort((x, y) => y - x) };
}

/** Two decreasing lists as one. */
function mergeDecreasing(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! >= b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/** The tally of both sets of tensors together. */
export function joined(a: BlockTally, b: BlockTally): BlockTally {
  return {
    allocated: add('allocated bytes', a.allocated, b.allocated),
    small: add('reserved bytes', a.small, b.small),
    large: add('reserved bytes', a.large, b.large),
    medium: mergeDecreasing(a.medium, b.medium),
  };
}

export function figuresOf(t: BlockTally): AllocatorFigures {
  return { allocated: t.allocated, reserved: sum('reserved bytes', [roundUp(t.small, SMALL_SEGMENT), mediumSegments(t.medium), t.large]) };
}

/** Allocated and reserved bytes for tensors of these sizes (bytes each; zero-sized ones take nothing). */
export function allocate(tensors: readonly number[]): AllocatorFigures {
  return figuresOf(tally(tensors));
}
