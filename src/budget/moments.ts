// The memory model of one training step as a list of moments, each with what is live then, split
// into bytes that do not depend on the batch and bytes per image. estimate.ts evaluates the moments
// at a batch (the total is the largest moment, a real peak, never a sum of terms that are not live
// together); max-batch.ts solves them for the largest batch that fits. explain.ts documents this.
//
// Moments, after the persistent state (parameters, gradients, optimizer state, reserve) and the
// input batch, which are live throughout:
//   forward i   saved tensors created by layers <= i, plus the buffers no layer saves that are live
//               at i (layer i's input and output, a skip or labelled tensor read later, the
//               outputs), plus layer i's im2col columns (CONV); under PyTorch's rules, the indices
//               of a max pool that an UNPOOL reads later, from the pool on
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
import type { Scratch } from '../layers/types.js';
import { isBuffer, planTraining, type SavedTensor, type TrainingPlan } from '../training/plan.js';
import { add, mul, sum } from '../util/exact.js';
import { resolveOptions, type ModelOptions } from './model-options.js';
import { FOREACH_TEMPORARIES, STATE_COPIES, STEP_TEMPORARIES, PRECISION, type Precision } from './precision.js';

export type { ModelOptions } from './model-options.js';

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
  /** Fixed: the parameters' gradients live now: all of them when they are kept between steps;
   *  set to None, those formed so far (none in forward). */
  readonly gradients: number;
}

/** A moment's bytes tensor by tensor, for an allocator that rounds each block (caching-allocator.ts):
 *  per image the saved tensors, buffers and per-batch columns; fixed the columns of one image, the
 *  temporaries and, set to None, the gradients formed so far. The input batch and the persistent
 *  state are the model's (Model.persistentBlocks). Listed on demand (Model.blocksOf), for a few
 *  moments: a long network has as many moments as layers, and every moment's list would take time
 *  and memory quadratic in its length. */
export interface MomentBlocks {
  readonly perImage: readonly number[];
  readonly fixed: readonly number[];
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
  /** Bytes of each tensor live throughout: the parameters (and BN's statistics), the optimizer
   *  state and, when they are kept between steps, the gradients. */
  readonly persistentBlocks: readonly number[];
  /** A moment's tensors one by one (MomentBlocks), listed on demand. */
  readonly blocksOf: (m: Moment) => MomentBlocks;
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
      if (isBuffer(t) && t.buffer === 0) continue; // the input term
      // A layer's output buffer is one tensor whoever saves it (CONV's input is the RELU's output).
      const key = isBuffer(t) ? `buffer ${t.buffer}` : `${t.what} ${t.buffer}`;
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
function waitingGradients(layers: readonly LayerAnalysis[], plan: TrainingPlan): number[][] {
  const lastReader = layers.map(() => -1);
  for (const l of layers) for (const i of plan.reads[l.node.id]!) lastReader[i] = Math.max(lastReader[i]!, l.node.id);
  const waiting = layers.map((): number[] => []);
  layers.forEach((l, j) => {
    if (!plan.differentiated[j]) return;
    for (let id = j + 1; id < lastReader[j]!; id++) waiting[id]!.push(elements(l.output)); // live from lastReader - 1 down to j + 1
  });
  return waiting;
}

function inputGradients(plan: TrainingPlan, l: LayerAnalysis): number[] {
  return plan.reads[l.node.id]!.flatMap((id, k) => (plan.differentiated[id] ? [elements(l.inputs[k] ?? l.input)] : []));
}

/** Element counts of a layer's parameter tensors (weights, biases) that exist. */
function parameterTensors(l: LayerAnalysis): number[] {
  return [l.weights, l.biases].filter((n) => n > 0);
}

function bytesOf(what: string, counts: readonly number[], bytes: number): number[] {
  return counts.map((n) => mul(what, n, bytes));
}

type WorkspaceOf = (id: number) => Pick<Moment, 'workspacePerImage' | 'workspaceFixed'>;

/** Per buffer (by the layer that allocated it), the last layer that reads it; the network's
 *  outputs, main and side, live to the end of the forward pass. */
function lastUses(layers: readonly LayerAnalysis[], plan: TrainingPlan, outputs: readonly number[]): number[] {
  const last = layers.map((_l, id) => id);
  for (const l of layers) for (const i of plan.reads[l.node.id]!) last[plan.owner[i]!] = Math.max(last[plan.owner[i]!]!, l.node.id);
  for (const o of outputs) last[plan.owner[o]!] = layers.length;
  return last;
}

/** Forward moment i: the saved tensors made so far, the buffers live then that no layer keeps
 *  (training; at inference none is kept): made at or before i and read by i or a later layer, or an
 *  output, as the executor frees them; and its im2col columns. */
function forwardMoments(layers: readonly LayerAnalysis[], lastUse: readonly number[], unsaved: (b: number) => number, createdBy: readonly number[], carried: readonly number[], p: Precision, ws: WorkspaceOf, gradients: number): Moment[] {
  const moments: Moment[] = [];
  // Buffers live at each moment that no layer saves (and not the input batch): made at or before
  // this layer and read by it or a later one (a skip, a labelled tensor), or an output.
  const endingAt = layers.map((): number[] => []);
  for (let b = 1; b < layers.length; b++) if (lastUse[b]! < layers.length) endingAt[lastUse[b]!]!.push(b);
  const live = new Map<number, number>(); // buffer -> elements
  let created = createdBy[0]!;
  for (let id = 1; id < layers.length; id++) {
    if (unsaved(id) > 0) live.set(id, unsaved(id));
    created = add('saved bytes', created, createdBy[id]!);
    moments.push({ phase: 'forward', layer: id, saved: add('saved bytes', created, carried[id]!), buffers: mul('activation bytes', sum('activations', [...live.values()]), p.activation), ...ws(id), temporaries: 0, gradients });
    for (const b of endingAt[id]!) live.delete(b);
  }
  return moments;
}

/** Per layer id, index bytes per image live at its forward moment that no saved tensor counts: under
 *  PyTorch's rules a max pool an UNPOOL reads returns its int64 indices, which live from the pool to
 *  its last unpooling; a training step that differentiates either keeps them (a saved tensor) instead. */
function carriedIndices(layers: readonly LayerAnalysis[], saved: readonly SavedEntry[], o: Required<ModelOptions>): number[] {
  const carried = layers.map(() => 0);
  if (o.saving !== 'pytorch') return carried; // the executor finds the maxima again from the pool's input
  const lastUnpool = new Map<number, number>();
  for (const l of layers) if (l.node.unpools !== undefined) lastUnpool.set(l.node.unpools, l.node.id);
  const keys = new Set(saved.map((e) => e.key));
  for (const [pool, last] of lastUnpool) {
    if (keys.has(`indices ${pool}`)) continue;
    const bytes = mul('index bytes', elements(layers[pool]!.output), o.indexBytes);
    for (let id = pool; id <= last; id++) carried[id] = add('saved bytes', carried[id]!, bytes);
  }
  return carried;
}

/** Backward moment i (last layer first, each layer differentiated): the saved tensors a layer <= i
 *  still needs, i's output and input gradients, the gradients waiting at a fan-out, the runtime's
 *  scratch, its weight-gradient temporary (gradients kept: AccumulateGrad adds the new one into the
 *  kept one; set to None it takes the new one over) and its im2col columns. */
function backwardMoments(layers: readonly LayerAnalysis[], plan: TrainingPlan, freedAfter: readonly number[], scratch: readonly Scratch[], held: (id: number) => number[], o: Required<ModelOptions>, p: Precision, ws: WorkspaceOf, allGradients: number): Moment[] {
  // Live during backward at layer i: saved tensors whose first user is <= i (prefix sums).
  const needed: number[] = [];
  let running = 0;
  for (let id = 0; id < layers.length; id++) needed.push((running = add('saved bytes', running, freedAfter[id]!)));
  const waiting = waitingGradients(layers, plan);
  const kept = o.gradients === 'kept';
  const moments: Moment[] = [];
  let formed = 0; // set to None: the gradients formed so far, from the last layer down
  for (let id = layers.length - 1; id >= 1; id--) {
    if (!plan.differentiated[id]) continue; // no gradient reaches it: nothing happens here
    const l = layers[id]!;
    const grads = sum('gradient buffers', [...gradientBuffers(plan, l, waiting[id]!, scratch[id]!), ...held(id)]);
    const own = mul('weight gradient bytes', l.params, p.gradients);
    formed = add('gradient bytes', formed, own);
    const temporary = kept && o.gradientTemporaries;
    moments.push({ phase: 'backward', layer: id, saved: needed[id]!, buffers: mul('gradient bytes', grads, p.activation), ...ws(id), temporaries: temporary ? own : 0, gradients: kept ? allGradients : formed });
  }
  return moments;
}

/** The gradient buffers of backward moment i: its output's, its inputs', those waiting at a fan-out, and the runtime's scratch. */
function gradientBuffers(plan: TrainingPlan, l: LayerAnalysis, waiting: readonly number[], scratch: Scratch): number[] {
  return [elements(l.output), ...inputGradients(plan, l), ...waiting, scratch.elements];
}

interface BlockSources {
  readonly layers: readonly LayerAnalysis[];
  readonly plan: TrainingPlan;
  readonly saved: readonly SavedEntry[];
  readonly scratch: readonly Scratch[];
  readonly lastUse: readonly number[];
  readonly unsaved: (b: number) => number;
  readonly o: Required<ModelOptions>;
  readonly p: Precision;
  readonly ws: WorkspaceOf;
  readonly step: readonly number[];
  readonly held: (id: number) => number[];
  readonly carried: readonly number[];
}

/** Model.blocksOf: a moment's tensors, listed from the same sources as its totals. */
function blocksOfMoment(src: BlockSources): (m: Moment) => MomentBlocks {
  const { layers, plan, saved, p, ws } = src;
  const waiting = waitingGradients(layers, plan);
  const own = (l: LayerAnalysis): number[] => bytesOf('weight gradient bytes', parameterTensors(l), p.gradients);
  return (m) => {
    if (m.phase === 'step') return { perImage: bytesOf('output bytes', src.held(-1), p.activation), fixed: src.step };
    const id = m.layer;
    if (id === null) return { perImage: [], fixed: [] };
    const w = ws(id);
    if (m.phase === 'forward') {
      const live: number[] = [];
      for (let b = 1; b <= id; b++) if (src.lastUse[b]! >= id && src.unsaved(b) > 0) live.push(src.unsaved(b));
      const carried = src.carried[id]! > 0 ? [src.carried[id]!] : [];
      return { perImage: [...saved.filter((e) => e.tensor.buffer <= id).map((e) => e.bytes), ...carried, ...bytesOf('activation bytes', live, p.activation), w.workspacePerImage], fixed: [w.workspaceFixed] };
    }
    const l = layers[id]!;
    const kept = src.o.gradients === 'kept';
    const formed = kept ? [] : layers.slice(id).flatMap((x, k) => (plan.differentiated[id + k] ? own(x) : []));
    return {
      perImage: [...saved.filter((e) => e.firstUser <= id).map((e) => e.bytes), ...bytesOf('gradient bytes', [...gradientBuffers(plan, l, waiting[id]!, src.scratch[id]!), ...src.held(id)], p.activation), w.workspacePerImage],
      fixed: [w.workspaceFixed, ...(kept && src.o.gradientTemporaries ? own(l) : []), ...formed],
    };
  };
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
  plan ??= planTraining(layers, { training, saving: o.saving, sideOutputs: analysis.network.sideOutputs });
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
  const cudnn = o.cuda?.cudnnWorkspace ?? null; // a fixed cuDNN workspace replaces each convolution's columns
  const ws = (id: number): Pick<Moment, 'workspacePerImage' | 'workspaceFixed'> => {
    if (cudnn !== null) return { workspacePerImage: 0, workspaceFixed: columns[id]! > 0 ? cudnn : 0 };
    const bytes = mul('workspace bytes', columns[id]!, p.activation);
    return o.workspace === 'batch' ? { workspacePerImage: bytes, workspaceFixed: 0 } : { workspacePerImage: 0, workspaceFixed: bytes };
  };
  const tensors = layers.flatMap(parameterTensors);
  const gradientBlocks = training ? bytesOf('gradient bytes', tensors, p.gradients) : [];
  const lastUse = lastUses(layers, plan, [analysis.network.output, ...analysis.network.sideOutputs]);
  const savedBuffers = new Set(saved.filter((e) => e.key.startsWith('buffer ')).map((e) => e.tensor.buffer));
  const unsaved = (b: number): number => (plan!.owner[b] === b && (!training || !savedBuffers.has(b)) ? elements(layers[b]!.output) : 0);
  const temporaries = stepTemporaries(o, p, tensors, largestTensor);
  const held = heldOutputs(analysis, plan, saved, o);
  const stepBuffers = mul('output bytes', sum('activations', held(-1)), p.activation);
  const carried = carriedIndices(layers, saved, o);
  const moments: Moment[] = [
    ...forwardMoments(layers, lastUse, unsaved, createdBy, carried, p, ws, o.gradients === 'kept' ? gradients : 0),
    ...(training ? backwardMoments(layers, plan, freedAfter, scratch, held, o, p, ws, gradients) : []),
    ...(training ? [{ phase: 'step', layer: null, saved: 0, buffers: stepBuffers, workspacePerImage: 0, workspaceFixed: 0, temporaries: sum('optimizer temporaries', temporaries), gradients } as const] : []),
  ];
  const step = [...temporaries, ...(o.gradients === 'kept' ? [] : gradientBlocks)];
  const blocksOf = blocksOfMoment({ layers, plan, saved, scratch, lastUse, unsaved, o, p, ws, step, held, carried });
  const persistentBlocks = [
    ...persistentState(layers, o, p, training),
    ...(o.gradients === 'kept' ? gradientBlocks : []),
  ];
  const platform = add('platform bytes', o.platform, layers.some(groupedOrDilated) ? o.platformGroupedDilated : 0);
  return { analysis, options: o, precision: p, parameters, gradients, optimizerState, reserve: o.reserve, platform, input, saved, savedTotal, columns, largestTensor, moments, persistentBlocks, blocksOf };
}

function groupedOrDilated(l: LayerAnalysis): boolean {
  return l.layer.kind === 'conv' && (l.layer.args.g > 1 || l.layer.args.d > 1);
}

/** The outputs the caller holds at backward moment `id` (-1: the step), elements per image, under a
 *  runtime whose caller holds them (outputHeld): each output, main and side, unless a saved tensor
 *  that is its buffer is still counted then (a SOFTMAX's own output, a side output the plan keeps
 *  until its layer's backward). */
function heldOutputs(analysis: Analysis, plan: TrainingPlan, saved: readonly SavedEntry[], o: Required<ModelOptions>): (id: number) => number[] {
  if (!o.outputHeld) return () => [];
  const outputs = [analysis.network.output, ...analysis.network.sideOutputs];
  const savedUntil = outputs.map((out) => Math.min(...saved.filter((e) => isBuffer(e.tensor) && e.tensor.buffer === plan.owner[out]).map((e) => e.firstUser), Infinity));
  const sizes = outputs.map((out) => elements(analysis.layers[out]!.output));
  return (id) => sizes.filter((_n, k) => id < savedUntil[k]!);
}

/** The optimizer step's temporaries, one set per parameter tensor (foreach: all at once) or the
 *  largest tensor's (single-tensor: one tensor at a time). */
function stepTemporaries(o: Required<ModelOptions>, p: Precision, tensors: readonly number[], largestTensor: number): number[] {
  const foreach = o.optimizerImplementation === 'foreach';
  const copies = !o.optimizerTemporaries ? 0 : foreach ? FOREACH_TEMPORARIES[o.optimizer] : STEP_TEMPORARIES[o.optimizer];
  const each = foreach ? tensors : [largestTensor];
  return bytesOf('optimizer temporaries', Array.from({ length: copies }, () => each).flat(), p.state);
}

/** Tensors live throughout but the gradients: each parameter tensor (mixed: its fp32 master and
 *  its fp16 copy), each layer's statistics (one block), and each copy of the optimizer state. */
function persistentState(layers: readonly LayerAnalysis[], o: Required<ModelOptions>, p: Precision, training: boolean): number[] {
  const weightCopies = o.dtype === 'mixed' ? [4, 2] : [p.weights]; // PRECISION.mixed.weights = 4 + 2
  const stateCopies = training ? STATE_COPIES[o.optimizer] : 0;
  return layers.flatMap((l) => {
    const tensors = parameterTensors(l);
    return [
      ...weightCopies.flatMap((bytes) => bytesOf('parameter bytes', tensors, bytes)),
      ...(l.buffers > 0 ? [mul('buffer bytes', l.buffers, p.buffers)] : []),
      ...Array.from({ length: stateCopies }, () => bytesOf('optimizer state bytes', tensors, p.state)).flat(),
    ];
  });
}

/** Bytes live at a moment for a batch, persistent state and input batch included. */
export function liveAt(model: Model, m: Moment, batch: number): number {
  return sum('total bytes', [
    model.parameters,
    m.gradients,
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
