// The autograd plan of a network, computed once, as data, from the kinds' training facts
// (layers/<kind>.ts `training`): which layers a step differentiates, which write over their input's
// buffer, which buffer each output lives in, and what each layer keeps for its backward pass. The
// memory budget predicts with it (budget/moments.ts) and the executor runs by it (exec/forward.ts,
// exec/backward.ts), so that `cnncalc verify --train` compares a prediction and a measurement of
// one plan. It follows PyTorch's eager autograd:
//   differentiated  a layer whose parameters train, or one that reads a differentiated layer's
//                   output. Before the first of them nothing requires a gradient: those layers
//                   keep nothing and get no gradient buffers, and no layer forms a gradient for
//                   their outputs (the input batch included).
//   in place        a kind that may (RELU: ReLU(inplace=True)) does, unless its input has other
//                   readers (a branch fan-out, a residual skip: they still need the values), or its
//                   input comes from a differentiated layer whose backward reads its own output
//                   (TANH, SIGMOID, SOFTMAX, POOL l2, RELU itself: autograd refuses that overwrite,
//                   even where relu would leave the values unchanged, since it checks the saved
//                   tensor's version, not its values). At inference only the readers rule applies.
//   kept            what a differentiated layer's backward reads (its input's or its own output
//                   buffer, named by the layer that allocated it) and the tensors of its own.
// Layers are indexed by id (0 = INPUT) in an order where every input comes before its reader.

import { definitionOf } from '../layers/index.js';
import { elements } from '../layers/shared.js';
import type { LayerDef, LayerKind, OwnSaved, ResolvedLayer, Saving, Shape } from '../layers/types.js';

/** What the plan needs of a layer; an analysis' LayerAnalysis is one. */
export interface PlanLayer {
  readonly layer: ResolvedLayer;
  /** `unpools`: an UNPOOL's max pool (notation/network.ts). */
  readonly node: { readonly inputs: readonly number[]; readonly unpools?: number };
  readonly input: Shape;
  readonly inputs: readonly Shape[];
  readonly output: Shape;
}

/** A tensor a layer keeps for backward: a buffer (`input`, `output`: the layer whose output buffer
 *  it is, 0 = the input batch), or one of its own (`buffer` = the layer itself). Elements per image. */
export interface SavedTensor {
  readonly buffer: number;
  readonly what: 'input' | 'output' | OwnSaved['what'];
  readonly elements: number;
  readonly element: OwnSaved['element'];
}

/** A kept tensor that is a layer's output buffer (its input's or its own), not one of its own tensors. */
export function isBuffer(t: SavedTensor): boolean {
  return t.what === 'input' || t.what === 'output';
}

export interface TrainingPlan {
  /** Per layer id: the training step computes this layer's backward pass. */
  readonly differentiated: readonly boolean[];
  /** Per layer id: the layer writes its output over its (first) input's buffer. */
  readonly inPlace: readonly boolean[];
  /** Per layer id: the id of the layer that allocated the buffer its output lives in. */
  readonly owner: readonly number[];
  /** Per layer id: what it keeps for its backward pass (none when it is not differentiated). */
  readonly kept: readonly (readonly SavedTensor[])[];
  /** Per layer id: the inputs its forward reads and its backward returns a gradient to, under the
   *  saving rules: all of them, but for an UNPOOL under PyTorch's, which reads the pool's indices
   *  instead of the pool's input (and no gradient flows through integer indices). */
  readonly reads: readonly (readonly number[])[];
}

export interface PlanOptions {
  readonly training: boolean;
  /** Whose saving rules (layers/types.ts Saving; default the executor's). */
  readonly saving?: Saving;
  /** The side outputs' layers (notation v3): their outputs feed the loss, so each is kept until
   *  backward reaches its layer, as the main output is. */
  readonly sideOutputs?: readonly number[];
}

const facts = (l: PlanLayer): LayerDef<LayerKind>['training'] => definitionOf(l.layer).training;

export function planTraining(layers: readonly PlanLayer[], o: PlanOptions): TrainingPlan {
  const readers = layers.map(() => 0);
  for (const l of layers) for (const i of l.node.inputs) readers[i]!++;
  const reads = layers.map((l) => inputsRead(l, o.saving ?? 'executor'));
  const differentiated: boolean[] = [];
  const inPlace: boolean[] = [];
  const owner: number[] = [];
  layers.forEach((l, id) => {
    differentiated.push(o.training && (facts(l).trainable || reads[id]!.some((i) => differentiated[i])));
    inPlace.push(id > 0 && runsInPlace(layers, readers, differentiated, l));
    const view = o.saving === 'pytorch' && facts(l).view === true;
    owner.push(inPlace[id] || view ? owner[l.node.inputs[0]!]! : id);
  });
  const kept = layers.map((l, id) => (differentiated[id] ? keptBy(layers, l, id, owner, o.saving ?? 'executor') : []));
  for (const id of o.sideOutputs ?? []) {
    const own = kept[id]!;
    if (differentiated[id] && !own.some((t) => t.what === 'output')) own.push({ buffer: owner[id]!, what: 'output', elements: elements(layers[owner[id]!]!.output), element: 'activation' });
  }
  return { differentiated, inPlace, owner, kept, reads };
}

function inputsRead(l: PlanLayer, saving: Saving): readonly number[] {
  return saving === 'pytorch' && facts(l).readsPoolIndices ? l.node.inputs.slice(0, 1) : l.node.inputs;
}

/** A kept buffer is the whole buffer its owner allocated: a view (a split's slice, under PyTorch)
 *  keeps all of it alive. */
function keptBy(layers: readonly PlanLayer[], l: PlanLayer, id: number, owner: readonly number[], saving: Saving): SavedTensor[] {
  const f = facts(l);
  const reads = f.reads(l.layer.args, saving);
  const kept: SavedTensor[] = [];
  const readInputs = reads.everyInput ? l.node.inputs.length : reads.input ? 1 : 0;
  for (let i = 0; i < readInputs; i++) {
    const b = owner[l.node.inputs[i]!]!;
    kept.push({ buffer: b, what: 'input', elements: elements(layers[b]!.output), element: 'activation' });
  }
  if (reads.output) kept.push({ buffer: owner[id]!, what: 'output', elements: elements(layers[owner[id]!]!.output), element: 'activation' });
  // an UNPOOL's indices under PyTorch are its pool's: one tensor, kept from the pool on
  for (const own of f.keeps(l.layer.args, l.input, l.output, saving)) kept.push({ buffer: own.ofPool ? l.node.unpools! : id, ...own });
  return kept;
}

function runsInPlace(layers: readonly PlanLayer[], readers: readonly number[], differentiated: readonly boolean[], l: PlanLayer): boolean {
  if (!facts(l).inPlace) return false;
  const input = l.node.inputs[0]!;
  if (readers[input] !== 1) return false; // another reader still needs the values
  const producer = layers[input]!;
  // Overwriting an output its own backward reads: PyTorch refuses it at backward (the saved tensor's
  // version changed), so ReLU(inplace=True) after a ReLU does not run there, and neither is it planned
  // here. The executor's reads decide it under every saving rule: the export writes inplace=True
  // exactly where this plan does, so a PyTorch run has the same in-place set.
  return !(differentiated[input] && facts(producer).reads(producer.layer.args, 'executor').output);
}
