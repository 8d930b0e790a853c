// The autograd plan of a network: which layers a training step differentiates, which RELUs write
// over their input's buffer, and what each layer's backward pass reads. One rule for the budget
// (saved.ts, moments.ts predict with it) and the executor (exec/forward.ts, exec/backward.ts run
// by it), so that `cnncalc verify --train` compares a prediction and a measurement of one plan.
// It follows PyTorch's eager autograd:
//   differentiated  a layer with trainable parameters (CONV, LOCAL, FC, BN), or one that reads a
//                   differentiated layer's output. Before the first of them nothing requires a
//                   gradient: those layers save nothing and get no gradient buffers, and no layer
//                   forms a gradient for their outputs (the input batch included).
//   RELU in place   (ReLU(inplace=True)) unless its input has other readers (a branch fan-out, a
//                   residual skip: they still need the values), or its input comes from a
//                   differentiated layer whose backward reads its own output (TANH, SIGMOID, SOFTMAX,
//                   POOL l2, and RELU itself: autograd refuses that overwrite, even where relu would
//                   leave the values unchanged, since it checks the saved tensor's version, not its
//                   values). At inference only the readers rule applies.
// Layers are indexed by id (0 = INPUT) in an order where every input comes before its reader.

import type { ResolvedLayer } from '../layers/types.js';

/** What the plan needs of a layer: the executor's ExecLayer and a {layer, inputs} view of the analysis both fit. */
export interface GraphLayer {
  readonly layer: ResolvedLayer;
  readonly inputs: readonly number[];
}

export interface AutogradPlan {
  /** Per layer id: the training step computes this layer's backward pass. */
  readonly differentiated: readonly boolean[];
  /** Per layer id: the layer writes its output over its (first) input's buffer. */
  readonly inPlace: readonly boolean[];
  /** Per layer id: the id of the layer that allocated the buffer its output lives in. */
  readonly owner: readonly number[];
}

/** What a layer's backward pass reads besides its output gradient (PyTorch's saved tensors; the
 *  layer's own indices, scale or mask are listed in saved.ts). */
export function backwardReads(layer: ResolvedLayer): { readonly input: boolean; readonly output: boolean } {
  switch (layer.kind) {
    case 'conv':
    case 'local':
    case 'fc':
    case 'lrn':
    case 'bn':
      return { input: true, output: false };
    case 'relu':
    case 'tanh':
    case 'sigmoid':
    case 'softmax':
      return { input: false, output: true };
    case 'pool':
      return { input: layer.args.mode !== 'avg', output: layer.args.mode === 'l2' };
    default:
      return { input: false, output: false };
  }
}

/** Layers whose parameters train: gradients are needed from the first of them on. */
export function hasTrainableParameters(layer: ResolvedLayer): boolean {
  return layer.kind === 'conv' || layer.kind === 'local' || layer.kind === 'fc' || layer.kind === 'bn';
}

export function autogradPlan(layers: readonly GraphLayer[], training: boolean): AutogradPlan {
  const readers = layers.map(() => 0);
  for (const l of layers) for (const i of l.inputs) readers[i]!++;
  const differentiated: boolean[] = [];
  const inPlace: boolean[] = [];
  const owner: number[] = [];
  layers.forEach((l, id) => {
    differentiated.push(training && (hasTrainableParameters(l.layer) || l.inputs.some((i) => differentiated[i])));
    inPlace.push(id > 0 && reluInPlace(layers, readers, differentiated, l));
    owner.push(inPlace[id] ? owner[l.inputs[0]!]! : id);
  });
  return { differentiated, inPlace, owner };
}

function reluInPlace(layers: readonly GraphLayer[], readers: readonly number[], differentiated: readonly boolean[], l: GraphLayer): boolean {
  if (l.layer.kind !== 'relu') return false;
  const input = l.inputs[0]!;
  if (readers[input] !== 1) return false; // another reader still needs the values
  const producer = layers[input]!.layer;
  // Overwriting an output its own backward reads: PyTorch refuses it at backward (the saved tensor's
  // version changed), so ReLU(inplace=True) after a ReLU does not run there, and neither is it planned here
  return !(differentiated[input] && backwardReads(producer).output);
}
