// What the backward pass needs from the forward pass, layer by layer: the one rule shared by the
// memory budget (which predicts it) and the executor (which keeps exactly these tensors and
// measures what it allocated). It follows what PyTorch's autograd saves:
//   CONV, LOCAL, FC  its input                      (to form the weight gradient)
//   RELU             its output, in place: the buffer of its input, overwritten, so never a new one
//   TANH, SIGMOID    its output
//   SOFTMAX          its output
//   POOL max         its input and the argmax indices (one index per output element)
//   POOL avg         nothing (the backward needs only the shapes)
//   POOL l2          its input and its output
//   LRN / NORM       its input and the scale (k + alpha/size * sum of squares), one per element
//   DROPOUT          the mask (one byte per element) in training
// Tensors are named by the layer whose output buffer holds them; buffers shared by several layers
// (a RELU's in-place output is the next CONV's input) are counted once.

import type { LayerAnalysis } from '../analysis/analyze.js';
import { elements } from '../layers/shared.js';

export type SavedWhat = 'input' | 'output' | 'indices' | 'scale' | 'mask';

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

/** Layers that write their output over their input (no new buffer). */
export function isInPlace(layer: LayerAnalysis): boolean {
  return layer.layer.kind === 'relu';
}

/** The id of the buffer that holds a layer's output, following in-place layers back to the owner. */
export function bufferOf(layers: readonly LayerAnalysis[], id: number): number {
  let current = id;
  while (current > 0 && isInPlace(layers[current]!)) current = layers[current]!.node.inputs[0]!;
  return current;
}

/** The tensors layer `id` saves for its backward pass (training only). */
export function savedForBackward(layers: readonly LayerAnalysis[], id: number): SavedTensor[] {
  const l = layers[id]!;
  const inputId = l.node.inputs[0];
  const input = (): SavedTensor => ({ buffer: bufferOf(layers, inputId!), what: 'input', elements: elements(l.input), element: 'activation' });
  const output = (): SavedTensor => ({ buffer: bufferOf(layers, id), what: 'output', elements: elements(l.output), element: 'activation' });
  const own = (what: SavedWhat, n: number, element: SavedTensor['element']): SavedTensor => ({ buffer: id, what, elements: n, element });
  switch (l.layer.kind) {
    case 'input':
      return [];
    case 'conv':
    case 'local':
    case 'fc':
      return [input()];
    case 'relu':
    case 'tanh':
    case 'sigmoid':
    case 'softmax':
      return [output()];
    case 'pool':
      if (l.layer.args.mode === 'max') return [input(), own('indices', elements(l.output), 'index')];
      if (l.layer.args.mode === 'l2') return [input(), output()];
      return [];
    case 'lrn':
      return [input(), own('scale', elements(l.input), 'activation')];
    case 'dropout':
      return [own('mask', elements(l.output), 'mask')];
    case 'bn':
      return [input()];
    case 'concat':
    case 'add':
      return [];
  }
}
