// The merges and the kinds that move elements, as ONNX operators: { A | B } is Concat along the
// channels, { A + B } a Sum, { A & B } a chain of Mul (ONNX broadcasts a [N, C, 1, 1] gate as
// PyTorch does), a `/` split's branch a Slice of its part of the channels, SHUFFLE a reshape to
// [N, g, C/g, H, W], a transpose of the two group axes and a reshape back (torchvision's
// channel_shuffle). UPSAMPLE is Resize to the output's sizes (read from the input's shape, the batch
// being symbolic): nearest as PyTorch's legacy nearest (input floor(o * n/m): 'asymmetric' with
// nearest_mode 'floor'), bilinear with align_corners=False ('half_pixel').

import type { UpsampleArgs } from '../../layers/types.js';
import type { KindOps, LayerGraph } from './layer-graph.js';

export const concat: KindOps<'concat'> = (_a, l) => l.op('Concat', l.inputs, { axis: 1 });

export const add: KindOps<'add'> = (_a, l) => l.op('Sum', l.inputs);

export const mul: KindOps<'mul'> = (_a, l) => l.inputs.slice(1).reduce((product, x) => l.op('Mul', [product, x]), l.inputs[0]!);

export const slice: KindOps<'slice'> = (a, l) => {
  const part = l.layer.input.depth / a.parts;
  return l.op('Slice', [l.inputs[0]!, l.ints([(a.part - 1) * part]), l.ints([a.part * part]), l.ints([1])]);
};

export const shuffle: KindOps<'shuffle'> = (a, l) => {
  const { depth: C, height: H, width: W } = l.layer.input;
  const grouped = l.op('Reshape', [l.inputs[0]!, l.ints([0, a.g, C / a.g, H, W])]);
  const swapped = l.op('Transpose', [grouped], { perm: [0, 2, 1, 3, 4] });
  return l.op('Reshape', [swapped, l.ints([0, C, H, W])]);
};

/** [N, C, outH, outW]: the input's first two sizes, then the output's sides. */
function outputSizes(l: LayerGraph): string {
  const batchAndChannels = l.op('Slice', [l.op('Shape', [l.inputs[0]!]), l.ints([0]), l.ints([2])]);
  return l.op('Concat', [batchAndChannels, l.ints([l.layer.output.height, l.layer.output.width])], { axis: 0 });
}

export const upsample: KindOps<'upsample'> = (a: UpsampleArgs, l) => {
  const mode: Record<string, string> = a.mode === 'nearest'
    ? { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }
    : { mode: 'linear', coordinate_transformation_mode: 'half_pixel' };
  return l.op('Resize', [l.inputs[0]!, '', '', outputSizes(l)], mode);
};
