// What the backward pass needs from the forward pass, layer by layer: the one rule shared by the
// memory budget (which predicts it) and the executor (which keeps exactly these tensors and
// measures what it allocated). It follows what PyTorch's autograd saves:
//   CONV, LOCAL, FC  its input                      (to form the weight gradient)
//   RELU             its output; in place (autograd.ts), that is the buffer of its input, overwritten
//   TANH, SIGMOID    its output
//   SOFTMAX          its output
//   POOL max         its input and the argmax indices (one index per output element)
//   POOL avg         nothing (the backward needs only the shapes)
//   POOL l2          its input and its output
//   LRN / NORM       its input and the scale (k + alpha/size * sum of squares), one per element
//   DROPOUT          the mask (one byte per element) in training
// Only layers the step differentiates save anything (autograd.ts: none before the first layer with
// trainable parameters), and whether RELU runs in place is autograd.ts's rule too.
// Tensors are named by the layer whose output buffer holds them; buffers shared by several layers
// (a RELU's in-place output is the next CONV's input) are counted once.

import type { LayerAnalysis } from '../analysis/analyze.js';
import { elements } from '../layers/shared.js';
import { mul } from '../util/exact.js';
import { autogradPlan, backwardReads, type AutogradPlan } from './autograd.js';

export type SavedWhat = 'input' | 'output' | 'indices' | 'scale' | 'mask' | 'lrn squares' | 'lrn base';

/** What LRN keeps: 'input-and-scale' (the rule above, which the executor follows), or 'pytorch', which
 *  adds the two more tensors torch.nn.functional.local_response_norm's chain of operations saves: the
 *  channel-padded squares ((D + size - 1) x W x H, for avg_pool3d) and the base of the power (D x W x H). */
export type LrnSaving = 'input-and-scale' | 'pytorch';

export interface SavedTensor {
  /** The id of the layer whose output buffer this is (0 = the input batch); for indices, scale and
   *  mask, the layer that owns them. */
  readonly buffer: number;
  readonly what: SavedWhat;
  /** Elements per image. */
  readonly elements: number;
  /** 'activation' tensors take the dtype's size; indices and masks have their own. */
  readonly element: 'activation' | 'index' | 'mask';
}

/** The autograd plan (autograd.ts) of an analysed network. */
export function planOf(layers: readonly LayerAnalysis[], training: boolean): AutogradPlan {
  return autogradPlan(layers.map((l) => ({ layer: l.layer, inputs: l.node.inputs })), training);
}

/** The tensors layer `id` saves for its backward pass (training only; none when not differentiated). */
export function savedForBackward(layers: readonly LayerAnalysis[], plan: AutogradPlan, id: number, lrn: LrnSaving = 'input-and-scale'): SavedTensor[] {
  if (!plan.differentiated[id]) return [];
  const l = layers[id]!;
  const reads = backwardReads(l.layer);
  const saved: SavedTensor[] = [];
  if (reads.input) saved.push({ buffer: plan.owner[l.node.inputs[0]!]!, what: 'input', elements: elements(l.input), element: 'activation' });
  if (reads.output) saved.push({ buffer: plan.owner[id]!, what: 'output', elements: elements(l.output), element: 'activation' });
  const own = (what: SavedWhat, n: number, element: SavedTensor['element']): SavedTensor => ({ buffer: id, what, elements: n, element });
  if (l.layer.kind === 'pool' && l.layer.args.mode === 'max') saved.push(own('indices', elements(l.output), 'index'));
  if (l.layer.kind === 'lrn') saved.push(own('scale', elements(l.input), 'activation'));
  if (l.layer.kind === 'lrn' && lrn === 'pytorch') {
    const { width, height, depth } = l.input;
    saved.push(own('lrn squares', mul('saved elements', width, height, depth + l.layer.args.size - 1), 'activation'));
    saved.push(own('lrn base', elements(l.input), 'activation'));
  }
  if (l.layer.kind === 'dropout') saved.push(own('mask', elements(l.output), 'mask'));
  return saved;
}
