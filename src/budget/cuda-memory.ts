// The GPU's view of a step under the pytorch-cuda runtime: every moment's tensors (moments.ts) as
// the caching allocator holds them (caching-allocator.ts), plus the context and the cuBLAS
// workspaces (cuda.ts). `allocated` is the largest moment's blocks (torch.cuda.max_memory_allocated),
// `reserved` the largest moment's segments (max_memory_reserved); what the GPU must hold is
// reserved + context + cuBLAS workspaces (+ the device's reserve), the total the gates compare.

import { figuresOf, joined, tally, type AllocatorFigures } from './caching-allocator.js';
import { cublasHandles, type CudaOptions } from './cuda.js';
import { liveAt, type Model, type Moment } from './moments.js';
import { mul } from '../util/exact.js';

export interface CudaFigures {
  readonly allocated: number;
  readonly reserved: number;
  readonly context: number;
  /** All cuBLAS handles' workspaces, held to the end of the run. */
  readonly cublas: number;
  /** The moment with the most reserved bytes, and its figures. */
  readonly peakIndex: number;
  readonly atPeak: AllocatorFigures;
}

/** The tensors a moment adds to the persistent state and the input batch, in bytes, at a batch. */
function momentTensors(model: Model, m: Moment, batch: number): number[] {
  const blocks = model.blocksOf(m);
  return [...blocks.fixed, ...blocks.perImage.map((n) => mul('tensor bytes', n, batch))];
}

/** The moments the allocator's figures are taken over: in each phase, the CANDIDATES with the most
 *  live bytes (a moment's blocks and segments exceed its live bytes by rounding only, a little per
 *  tensor and per segment, so the largest moment is among them but for a near tie; each phase, since
 *  the forward and the backward peaks hold different tensors, so round differently), and the step. */
const CANDIDATES = 32;

function candidates(model: Model, batch: number): Moment[] {
  const live = model.moments.map((m, i) => ({ m, bytes: liveAt(model, m, batch), i }));
  const top = (phase: Moment['phase']) =>
    live
      .filter((x) => x.m.phase === phase)
      .sort((a, b) => b.bytes - a.bytes || a.i - b.i)
      .slice(0, CANDIDATES);
  return [...top('forward'), ...top('backward'), ...top('step')].sort((a, b) => a.i - b.i).map((x) => x.m);
}

export function cudaFigures(model: Model, cuda: CudaOptions, batch: number): CudaFigures {
  const moments = candidates(model, batch);
  const always = tally([...model.persistentBlocks, mul('input bytes', model.input, batch)]);
  const figures = moments.map((m) => figuresOf(joined(always, tally(momentTensors(model, m, batch)))));
  if (figures.length === 0) figures.push(figuresOf(always));
  let peakIndex = 0;
  figures.forEach((f, i) => {
    if (f.reserved > figures[peakIndex]!.reserved) peakIndex = i;
  });
  return {
    allocated: Math.max(...figures.map((f) => f.allocated)),
    reserved: figures[peakIndex]!.reserved,
    context: cuda.context,
    cublas: mul('cuBLAS workspace bytes', cuda.cublasWorkspace, cublasHandles(model.options.inference)),
    peakIndex: moments.length === 0 ? 0 : model.moments.indexOf(moments[peakIndex]!),
    atPeak: figures[peakIndex]!,
  };
}
