// The training-memory budget of a network at a batch size: every term in exact bytes, the total as
// the largest moment of the step (moments.ts), and which layers hold the most. The executor imports
// estimateBudget and measures the same terms on a real run.
//
//   parameters      (params x weight bytes) + BN statistics
//   gradients       params x gradient bytes (persistent: a training loop keeps .grad between steps)
//   optimizerState  params x state bytes x copies (precision.ts)
//   activations     every tensor saved for backward (training/plan.ts), deduplicated, x batch
//   backwardPeak    the largest gradient-buffer set of any backward moment: output and input
//                   gradients x batch, plus the layer's weight-gradient temporary
//   workspace       the largest im2col column buffer (per batch or per image, see moments.ts)
//   input           the input batch
//   reserve         what the framework adds (given)
//   platform        the runtime's fixed cost: library code the step pages in (runtimes.ts)
//   allocated, reserved, context, workspaces   under pytorch-cuda only (cuda-memory.ts), else null
//   total           the largest moment: persistent state + input + what that moment holds; under
//                   pytorch-cuda what the GPU must hold: reserved + context + cuBLAS workspaces
//                   + reserve
// The terms are standalone figures; those after optimizerState are never all live at once, which is
// why `peak` says what the total is made of.

import type { Analysis } from '../analysis/analyze.js';
import { mul, sum } from '../util/exact.js';
import type { TrainingPlan } from '../training/plan.js';
import { cudaFigures } from './cuda-memory.js';
import { buildModel, liveAt, type Model, type ModelOptions, type Moment, type Phase } from './moments.js';

export type { BudgetDtype, Optimizer } from './precision.js';

export interface BudgetOptions extends ModelOptions {
  readonly batch: number;
}

export interface BudgetBytes {
  readonly parameters: number;
  readonly gradients: number;
  readonly optimizerState: number;
  readonly activations: number;
  readonly backwardPeak: number;
  readonly workspace: number;
  readonly input: number;
  readonly reserve: number;
  readonly platform: number;
  /** The optimizer step's temporaries (not among the names; part of the step moment). */
  readonly optimizerTemporaries: number;
  /** Under pytorch-cuda (else null): the caching allocator's blocks and segments at their largest
   *  moment, the CUDA context, and the cuBLAS and cuDNN workspaces (cuda-memory.ts). */
  readonly allocated: number | null;
  readonly reserved: number | null;
  readonly context: number | null;
  /** cuBLAS: all handles' workspaces; cuDNN: the largest convolution workspace of any moment (the
   *  workspace term, a block of its moment, inside allocated and reserved). */
  readonly workspaces: { readonly cublas: number; readonly cudnn: number } | null;
  readonly total: number;
}

/** The moment whose live bytes are the total, and what it holds; its parts sum to the total. */
export interface PeakMoment {
  readonly phase: Phase | 'inference';
  readonly layer: number | null;
  readonly parts: {
    readonly parameters: number;
    readonly gradients: number;
    readonly optimizerState: number;
    readonly reserve: number;
    readonly platform: number;
    readonly input: number;
    /** Saved tensors live then. */
    readonly activations: number;
    /** Gradient buffers (backward) or unsaved activation buffers (forward, inference). */
    readonly buffers: number;
    readonly workspace: number;
    /** The weight-gradient temporary (backward) or the optimizer's temporaries (step). */
    readonly temporaries: number;
    /** Under pytorch-cuda (else 0): the segments' bytes beyond the tensors (rounding, packing),
     *  the context and the cuBLAS workspaces. */
    readonly allocator: number;
    readonly context: number;
    readonly cublas: number;
  };
}

export interface LayerBudget {
  readonly id: number;
  readonly text: string;
  /** Parameter bytes of this layer (weights at the weight precision). */
  readonly parameters: number;
  /** Saved tensors held in this layer's output buffer or owned by it, x batch. */
  readonly activations: number;
  /** Gradient buffers and weight-gradient temporary while this layer is differentiated. */
  readonly backward: number;
  /** im2col columns (as the workspace term counts them). */
  readonly workspace: number;
}

export interface BudgetEstimate {
  readonly batch: number;
  readonly options: Model['options'];
  readonly bytes: BudgetBytes;
  readonly peak: PeakMoment;
  /** Every layer after INPUT. */
  readonly layers: readonly LayerBudget[];
  readonly model: Model;
}

function workspaceOf(m: Moment, batch: number): number {
  return m.workspacePerImage > 0 ? mul('workspace bytes', m.workspacePerImage, batch) : m.workspaceFixed;
}

/** The estimate at a batch for a model already built (max-batch.ts evaluates many batches). */
export function evaluate(model: Model, batch: number): BudgetEstimate {
  const o = model.options;
  const training = !o.inference;
  const moments = model.moments;
  let peakIndex = 0;
  let peakBytes = -1;
  moments.forEach((m, i) => {
    const live = liveAt(model, m, batch);
    if (live > peakBytes) [peakIndex, peakBytes] = [i, live];
  });
  const cuda = o.cuda ? cudaFigures(model, o.cuda, batch) : null;
  if (cuda) peakIndex = cuda.peakIndex; // the moment that needs the most segments
  const backward = moments.filter((m) => m.phase === 'backward');
  const gradientSet = (m: Moment): number => sum('backward bytes', [mul('gradient bytes', m.buffers, batch), m.temporaries]);
  const backwardPeak = backward.reduce((best, m) => Math.max(best, gradientSet(m)), 0);
  const workspace = moments.reduce((best, m) => Math.max(best, workspaceOf(m, batch)), 0);
  const step = moments.find((m) => m.phase === 'step');
  const input = mul('input bytes', model.input, batch);
  const persistent = sum('total bytes', [model.parameters, model.gradients, model.optimizerState, model.reserve, model.platform, input]);
  const pm = moments[peakIndex];
  const fixedAtPeak = sum('total bytes', [model.reserve, model.platform]);
  const tensorsAtPeak = (pm ? liveAt(model, pm, batch) : persistent) - fixedAtPeak;
  const gpu = cuda ? { allocator: cuda.atPeak.reserved - tensorsAtPeak, context: cuda.context, cublas: cuda.cublas } : { allocator: 0, context: 0, cublas: 0 };
  const bytes: BudgetBytes = {
    parameters: model.parameters,
    gradients: model.gradients,
    optimizerState: model.optimizerState,
    activations: mul('saved bytes', model.savedTotal, batch),
    backwardPeak,
    workspace,
    input,
    reserve: model.reserve,
    platform: model.platform,
    optimizerTemporaries: step?.temporaries ?? 0,
    allocated: cuda?.allocated ?? null,
    reserved: cuda?.reserved ?? null,
    context: cuda?.context ?? null,
    workspaces: cuda ? { cublas: cuda.cublas, cudnn: workspace } : null,
    total: cuda ? sum('total bytes', [cuda.reserved, cuda.context, cuda.cublas, fixedAtPeak]) : Math.max(peakBytes, persistent),
  };
  const peak = peakOf(model, pm, batch, training, gpu);
  return { batch, options: o, bytes, peak, layers: layerBudgets(model, batch), model };
}

/** The peak moment and what it holds (its parts add up to the total). */
function peakOf(model: Model, pm: Moment | undefined, batch: number, training: boolean, gpu: Pick<PeakMoment['parts'], 'allocator' | 'context' | 'cublas'>): PeakMoment {
  return {
    phase: !pm ? 'inference' : training ? pm.phase : 'inference',
    layer: pm?.layer ?? null,
    parts: {
      parameters: model.parameters,
      gradients: pm?.gradients ?? model.gradients,
      optimizerState: model.optimizerState,
      reserve: model.reserve,
      platform: model.platform,
      input: mul('input bytes', model.input, batch),
      activations: pm ? mul('saved bytes', pm.saved, batch) : 0,
      buffers: pm ? mul('buffer bytes', pm.buffers, batch) : 0,
      workspace: pm ? workspaceOf(pm, batch) : 0,
      temporaries: pm?.temporaries ?? 0,
      ...gpu,
    },
  };
}

function layerBudgets(model: Model, batch: number): LayerBudget[] {
  const { analysis } = model;
  const n = analysis.layers.length;
  const held = new Array<number>(n).fill(0);
  for (const e of model.saved) held[e.tensor.buffer] = held[e.tensor.buffer]! + e.bytes;
  const backward = new Array<number>(n).fill(0);
  const workspace = new Array<number>(n).fill(0);
  for (const m of model.moments) {
    if (m.layer === null) continue;
    if (m.phase === 'backward') backward[m.layer] = sum('backward bytes', [mul('gradient bytes', m.buffers, batch), m.temporaries]);
    workspace[m.layer] = workspaceOf(m, batch);
  }
  return analysis.layers.slice(1).map((l) => ({
    id: l.node.id,
    text: l.node.text,
    parameters: mul('parameter bytes', l.params, model.precision.weights),
    activations: mul('saved bytes', held[l.node.id]!, batch),
    backward: backward[l.node.id]!,
    workspace: workspace[l.node.id]!,
  }));
}

/** The memory budget of one training step (or one inference pass) at options.batch. Throws
 *  FigureOverflow when a figure would be above 2^53 - 1. */
/** `plan`: the autograd plan, when the caller has made it (verify hands the executor the same one). */
export function estimateBudget(analysis: Analysis, options: BudgetOptions, plan?: TrainingPlan): BudgetEstimate {
  if (!Number.isSafeInteger(options.batch) || options.batch < 1) throw new RangeError(`batch must be a whole number of at least 1, got ${options.batch}`);
  return evaluate(buildModel(analysis, options, plan), options.batch);
}
