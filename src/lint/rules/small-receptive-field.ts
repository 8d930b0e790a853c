// small-receptive-field: the last spatial layer (the one whose output the head takes: the first FC or
// global pooling, else the network's output) sees less than half of the input's width or height.
// The receptive field comes from the analysis (analysis/receptive-field.ts).

import type { LayerAnalysis } from '../../analysis/analyze.js';
import { compare, rationalText, times } from '../../util/ratio.js';
import { traits } from '../helpers.js';
import { layerFinding, type Rule } from '../types.js';

function sides(width: boolean, height: boolean): string {
  return width && height ? 'width and height' : width ? 'width' : 'height';
}

export const smallReceptiveField: Rule = {
  id: 'small-receptive-field',
  defaultSeverity: 'note',
  docs: {
    summary: 'The last spatial layer sees less than half of the input.',
    what:
      'The receptive field of the last spatial layer (the one that feeds the first FC layer or global pooling, or the ' +
      'output of a fully convolutional network) is smaller than half of the input\'s width or height.',
    why:
      'Each output of that layer is computed from one patch of the image (the cs231n notes: three 3x3 layers see 7x7). If ' +
      'the patch is small, no feature ever describes a larger part of the image as a whole: an object larger than the ' +
      'patch is only put together by the FC layers, from features that each saw a fragment, or never, with global pooling.',
    fix: 'Add CONV layers (stacked 3x3) or downsample earlier with pooling or a stride, so that the last spatial layer sees at least half the input.',
  },
  check(ctx) {
    const { layers, network } = ctx.analysis;
    const head = headOf(layers, network.output);
    let last = head ? layers[head.node.inputs[0]!]! : layers[network.output]!;
    // Name the layer that set the field, not an activation or normalisation after it.
    while (traits(last).shapeOnly && last.node.inputs.length === 1) last = layers[last.node.inputs[0]!]!;
    const rf = last.receptiveField;
    const input = layers[0]!.output;
    if (!rf || last.node.id === 0) return [];
    const narrow = compare(times(2, rf.size), input.width) < 0;
    const low = compare(times(2, rf.size), input.height) < 0;
    if (!narrow && !low) return [];
    const size = rationalText(rf.size);
    const message =
      `${last.node.text}, the last spatial layer, sees ${size}x${size} of the ${input.width}x${input.height} input: ` +
      `less than half of its ${sides(narrow, low)}`;
    const want = Math.ceil(Math.max(input.width, input.height) / 2);
    return [layerFinding(this, last, message, `add 3x3 CONV layers or downsample earlier so that it sees at least ${want}x${want}`)];
  },
};

/** The layer where the head starts: walking back from the output along the widest input (a
 *  squeeze-and-excitation gate collapses space too, but only to scale the map beside it), the first
 *  layer that collapses space; null when none does (a segmentation net's output is a map). */
function headOf(layers: readonly LayerAnalysis[], output: number): LayerAnalysis | null {
  let x = layers[output]!;
  const area = (l: LayerAnalysis): number => l.output.width * l.output.height;
  while (!traits(x).collapsesSpace) {
    if (x.node.inputs.length === 0) return null;
    x = x.node.inputs.map((i) => layers[i]!).reduce((a, b) => (area(b) > area(a) ? b : a));
  }
  return x;
}
