// The memory model of one training step as a list of moments, each with what is live then, split
// into bytes that do not depend on the batch and bytes per image. estimate.ts evaluates the moments
// at a batch (the total is the largest moment, a real peak, never a sum of terms that are not live
// together); max-batch.ts solves them for the largest batch that fits. explain.ts documents this.
//
// Moments, after the persistent state (parameters, gradients, optimizer state, reserve) and the
// input batch, which are live throughout:
//   forward i   saved tensors created by layers <= i, plus layer i's input and output buffers when
//               no layer saves them, plus layer i's im2col columns (CONV)
//   backward i  (from the last layer to the first, each layer the step differentiates: training/plan.ts)
//               saved tensors that a layer <= i still needs, the gradient buffer of layer i's
//               output, that of each input a gradient flows to (none to the input batch nor to the
//               layers before the first with trainable parameters: nothing there needs one), the
//               layer's freshly computed weight gradient before it is added into the persistent
//               one, and its im2col columns
//   step        the optimizer's temporaries: precision.ts STEP_TEMPORARIES x the largest parameter
//               tensor (single-tensor optimizers), or FOREACH_TEMPORARIES x all the parameters (foreach)
// Inference has forward moments only: layer i's input and output buffers and its im2col columns.
// What each layer keeps, and which RELUs run in place, is the autograd plan (training/plan.ts), as
// the executor runs it.

import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import { elements } from '../layers/shared.js';
import type { Saving, Scratch } from '../layers/types.js';
import { planTraining, type SavedTensor, type TrainingPlan } from '../training/plan.js';
import { add, mul, sum } from '../util/exact.js';
import { FOREACH_TEMPORARIES, STATE_COPIES, STEP_TEMPORARIES, type BudgetDtype, type Optimizer, type OptimizerImplementation, PRECISION, type Precision } from './precision.js';

export interface ModelOptions {
  readonly dtype: BudgetDtype;
  readonly optimizer: Optimizer;
  readonly inference: boolean;
  /** Bytes a framework adds (CUDA context, allocator caching); default 0. */
  readonly reserve?: number;
  /** The runtime's fixed platform cost: library code the step pages in (budget/runtimes.ts); default 0. */
  readonly platform?: number;
  /** Bytes per max-pooling index: 8 (PyTorch's int64, the default); the executor keeps 4. */
  readonly indexBytes?: number;
  /** Bytes per dropout mask element: 1 (a bool mask: PyTorch on CUDA, the executor; the default);
   *  PyTorch on CPU multiplies by a float mask, 4 bytes. */
  readonly maskBytes?: number;
  /** im2col columns of one image, reused for every image ('image', the default: the executor, and
   *  frameworks that convolve image by image), or of the whole batch at once ('batch', as PyTorch's
   *  native CPU convolution slow_conv2d lays them out; an upper bound). */
  readonly workspace?: 'batch' | 'image';
  /** Count each layer's weight gradient as a temporary before it is added into the persistent
   *  gradient (PyTorch's AccumulateGrad; default true). */
  readonly gradientTemporaries?: boolean;
  /** The channel block of the runtime's convolution library (oneDNN: 8 with AVX2, 16 with
   *  AVX-512), whose backward works on blocked copies (layers/<kind>.ts training.scratch); null
   *  (the default): convolutions on plain layouts with im2col columns. */
  readonly channelBlock?: number | null;
  /** How the optimizer updates: 'single-tensor' (PyTorch 1.13, and the default), one parameter
   *  tensor at a time, or 'foreach' (PyTorch 2 on CUDA), all at once (precision.ts). */
  readonly optimizerImplementation?: OptimizerImplementation;
  /** Count the optimizer step's temporaries (default true). */
  readonly optimizerTemporaries?: boolean;
  /** Whose saving rules (layers/types.ts Saving: default 'executor'); `cnncalc budget` passes
   *  'pytorch', whose LRN keeps two tensors more. */
  readonly saving?: Saving;
}

export type Phase = 'forward' | 'backward' | 'step';

/** What is live at one moment besides the persistent state and the input batch. */
export interface Moment {
  readonly phase: Phase;
  /** The layer being computed or differentiated; null for the optimizer step. */
  readonly layer: number | null;
  /** Per image: saved tensors live now. */
  readonly saved: number;
  /** Per image: activation buffers (forward) or gradient buffers (backward) that are not saved tensors. */
  readonly buffers: number;
  /** Per image when im2col columns are per batch; else 0. */
  readonly workspacePerImage: number;
  /** Fixed: im2col columns of one image, when they are reused across the batch; else 0. */
  readonly workspaceFixed: number;
  /** Fixed: a weight-gradient temporary (backward) or the optimizer's temporaries (step). */
  readonly temporaries: number;
}

/** One saved tensor after deduplication, per image. */
export interface SavedEntry {
  readonly key: string;
  readonly tensor: SavedTensor;
  readonly bytes: number;
  /** The first layer (lowest id) that needs it: backward frees it after differentiating that layer. */
  readonly firstUser: number;
}

export interface Model {
  readonly analysis: Analysis;
  readonly options: Required<ModelOptions>;
  readonly precision: Precision;
  /** Bytes, independent of the batch. */
  readonly parameters: number;
  readonly gradients: number;
  readonly optimizerState: number;
  readonly reserve: number;
  readonly platform: number;
  /** Per image. */
  readonly input: number;
  readonly saved: readonly SavedEntry[];
  /** Per image: all saved tensors (the input batch excluded). */
  readonly savedTotal: number;
  /** Per layer id: im2col column elements of one image (0 for layers other than CONV). */
  readonly columns: readonly number[];
  /** The largest parameter tensor (a layer's weights or its biases), elements. */
  readonly largestTensor: number;
  readonly moments: readonly Moment[];
}

function resolveOptions(o: ModelOptions): Required<ModelOptions> {
  return {
    dtype: o.dtype,
    optimizer: o.optimizer,
    inference: o.inference,
    reserve: o.reserve ?? 0,
    platform: o.platform ?? 0,
    indexBytes: o.indexBytes ?? 8,
    maskBytes: o.maskBytes ?? 1,
    channelBlock: o.channelBlock ?? null,
    optimizerImplementation: o.optimizerImplementation ?? 'single-tensor',
    workspace: o.workspace ?? 'image',
    gradientTemporaries: o.gradientTemporaries ?? true,
    optimizerTemporaries: o.optimizerTemporaries ?? true,
    saving: o.saving ?? 'executor',
  };
}

/** im2col columns of one image, as the layer's kind declares them ([f*f*D x outW*outH] for CONV, all groups together). */
export function im2colElements(l: LayerAnalysis): number {
  return definitionOf(l.layer).workspace(l.layer.args, l.input, l.output);
}

/** What the runtime's backward of this layer allocates beyond its gradients (layers/<kind>.ts training.scratch). */
function scratchOf(l: LayerAnalysis, o: Required<ModelOptions>, plan: TrainingPlan): Scratch {
  const scratch = definitionOf(l.layer).training.scratch;
  const inputGradient = l.node.inputs.some((i) => plan.differentiated[i]);
  return scratch ? scratch(l.layer.args, l.input, l.output, { saving: o.saving, channelBlock: o.channelBlock, inputGradient }) : { elements: 0, columns: true };
}

function savedEntries(plan: TrainingPlan, o: Required<ModelOptions>, p: Precision): SavedEntry[] {
  const byKey = new Map<string, { tensor: SavedTensor; firstUser: number }>();
  for (let id = 1; id < plan.kept.length; id++) {
    for (const t of plan.kept[id]!) {
      if (t.element === 'activation' && (t.what === 'input' || t.what === 'output') && t.buffer === 0) continue; // the input term
      // A layer's output buffer is one tensor whoever saves it (CONV's input is the RELU's output).
      const key = t.what === 'input' || t.what === 'output' ? `buffer ${t.buffer}` : `${t.what} ${t.buffer}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { tensor: t, firstUser: id });
    }
  }
  const size = { activation: p.activation, index: o.indexBytes, mask: o.maskBytes } as const;
  return [...byKey].map(([key, { tensor, firstUser }]) => ({
    key,
    tensor,
    firstUser,
    bytes: mul('saved bytes', tensor.elements, size[tensor.element]),
  }));
}

/** Gradient elements of a layer's inputs that a gradient flows to (differentiated ones only). */
/** Per layer id, the gradient elements per image that wait while it is differentiated: a layer
 *  read by several others (a fan-out into branches) has its gradient formed by the last of them,
 *  which backward reaches first, and it lives until the layer itself is differentiated; every
 *  layer in between runs with it live (PyTorch's engine holds it in the node's input buffer too). */
function waitingGradients(layers: readonly LayerAnalysis[], plan: TrainingPlan): number[] {
  const lastReader = layers.map(() => -1);
  for (const l of layers) for (const i of l.node.inputs) lastReader[i] = Math.max(lastReader[i]!, l.node.id);
  const change = new Array<number>(layers.length + 1).fill(0); // a difference array over layer ids
  layers.forEach((l, j) => {
    if (!plan.differentiated[j] || lastReader[j]! <= j + 1) return;
    const n = elements(l.output);
    change[j + 1] = add('gradient buffers', change[j + 1]!, n); // live from lastReader - 1 down to j + 1
    change[lastReader[j]!] = change[lastReader[j]!]! - n;
  });
  let running = 0;
  return layers.map((_, id) => (running = add('gradient buffers', running, change[id]!)));
}

function inputGradients(plan: TrainingPlan, l: LayerAnalysis): number {
  return sum('gradient buffers', l.node.inputs.map((id, k) => (plan.differentiated[id] ? elements(l.inputs[k] ?? l.input) : 0)));
}

/** The model of `analysis`' step. `plan`: the autograd plan when the caller has it (verify hands
 *  the executor the same one); else made here with the options' saving rules. */
export function buildModel(analysis: Analysis, options: ModelOptions, plan?: TrainingPlan): Model {
  const o = resolveOptions(options);
  const p = PRECISION[o.dtype];
  const layers = analysis.layers;
  const t = analysis.totals;
  const training = !o.inference;
  const parameters = add('parameter bytes', mul('parameter bytes', t.params, p.weights), mul('buffer bytes', t.buffers, p.buffers));
  const gradients = training ? mul('gradient bytes', t.params, p.gradients) : 0;
  const optimizerState = training ? mul('optimizer state bytes', t.params, p.state, STATE_COPIES[o.optimizer]) : 0;
  const input = mul('input bytes', elements(layers[0]!.output), p.activation);
  plan ??= planTraining(layers, { training, saving: o.saving });
  const saved = training ? savedEntries(plan, o, p) : [];
  const savedTotal = sum('saved bytes', saved.map((e) => e.bytes));
  const scratch = layers.map((l) => scratchOf(l, o, plan!));
  const columns = layers.map((l, id) => (scratch[id]!.columns ? im2colElements(l) : 0));
  let largestTensor = 0;
  for (const l of layers) largestTensor = Math.max(largestTensor, l.weights, l.biases);
  // Saved bytes created by each layer (forward) and freed after differentiating each layer (backward).
  const createdBy = new Array<number>(layers.length).fill(0);
  const freedAfter = new Array<number>(layers.length).fill(0);
  for (const e of saved) {
    createdBy[e.tensor.buffer] = add('saved bytes', createdBy[e.tensor.buffer]!, e.bytes);
    freedAfter[e.firstUser] = add('saved bytes', freedAfter[e.firstUser]!, e.bytes);
  }
  const savedBuffers = new Set(saved.filter((e) => e.key.startsWith('buffer ')).map((e) => e.tensor.buffer));
  const ws = (id: number): [number, number] => {
    const bytes = mul('workspace bytes', columns[id]!, p.activation);
    return o.workspace === 'batch' ? [bytes, 0] : [0, bytes];
  };

  const moments: Moment[] = [];
  let created = createdBy[0]!;
  for (let id = 1; id < layers.length; id++) {
    const l = layers[id]!;
    // Buffers this layer reads and writes that no layer saves (and that are not the input batch).
    const transient = new Map<number, number>();
    l.node.inputs.forEach((input, k) => transient.set(plan.owner[input]!, elements(l.inputs[k] ?? l.input)));
    if (!plan.inPlace[id]) transient.set(id, elements(l.output));
    const notSaved = [...transient].filter(([b]) => b !== 0 && (!training || !savedBuffers.has(b))).map(([, n]) => n);
    const buffers = mul('activation bytes', sum('activations', notSaved), p.activation);
    created = add('saved bytes', created, createdBy[id]!);
    const [wsImage, wsFixed] = ws(id);
    moments.push({ phase: 'forward', layer: id, saved: created, buffers, workspacePerImage: wsImage, workspaceFixed: wsFixed, temporaries: 0 });
  }
  if (training) {
    // Live during backward at layer i: saved tensors whose first user is <= i (prefix sums).
    const needed: number[] = [];
    let running = 0;
    for (let id = 0; id < layers.length; id++) needed.push((running = add('saved bytes', running, freedAfter[id]!)));
    const waiting = waitingGradients(layers, plan);
    for (let id = layers.length - 1; id >= 1; id--) {
      if (!plan.differentiated[id]) continue; // no gradient reaches it: nothing happens here
      const l = layers[id]!;
      const live = needed[id]!;
      const grads = sum('gradient buffers', [elements(l.output), inputGradients(plan, l), waiting[id]!, scratch[id]!.elements]);
      const temporaries = o.gradientTemporaries ? mul('weight gradient bytes', l.params, p.gradients) : 0;
      const [wsImage, wsFixed] = ws(id);
      moments.push({ phase: 'backward', layer: id, saved: live, buffers: mul('gradient bytes', grads, p.activation), workspacePerImage: wsImage, workspaceFixed: wsFixed, temporaries });
    }
    const step = !o.optimizerTemporaries ? 0 : o.optimizerImplementation === 'foreach'
      ? mul('optimizer temporaries', FOREACH_TEMPORARIES[o.optimizer], t.params, p.state)
      : mul('optimizer temporaries', STEP_TEMPORARIES[o.optimizer], largestTensor, p.state);
    moments.push({ phase: 'step', layer: null, saved: 0, buffers: 0, workspacePerImage: 0, workspaceFixed: 0, temporaries: step });
  }
  return { analysis, options: o, precision: p, parameters, gradients, optimizerState, reserve: o.reserve, platform: o.platform, input, saved, savedTotal, columns, largestTensor, moments };
}

/** Bytes live at a moment for a batch, persistent state and input batch included. */
export function liveAt(model: Model, m: Moment, batch: number): number {
  return sum('total bytes', [
    model.parameters,
    model.gradients,
    model.optimizerState,
    model.reserve,
    model.platform,
    mul('input bytes', model.input, batch),
    mul('saved bytes', m.saved, batch),
    mul('buffer bytes', m.buffers, batch),
    mul('workspace bytes', m.workspacePerImage, batch),
    m.workspaceFixed,
    m.temporaries,
  ]);
}
