// channels-first-input: `INPUT [3x224x224]`, a shape written channels first (C x H x W, PyTorch's
// order) where the notation reads width x height x depth: 3 wide, 224 high and 224 deep. Every figure
// after it is then wrong without any error. Fires when the first side is a channel count (1 to 4:
// grey, RGB, RGBA) and the other two look like an image's sides (8 or more each, within a factor 2
// of each other, as 224x224 or 640x480); the keyword form INPUT(w=, h=, d=) names each side and is
// never reported.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { layerFinding, type Rule } from '../types.js';

const MAX_CHANNELS = 4;
const MIN_SIDE = 8;
const MAX_ASPECT = 2;

export const channelsFirstInput: Rule = {
  id: 'channels-first-input',
  defaultSeverity: 'warning',
  docs: {
    summary: 'The INPUT shape looks written channels first (3x224x224), but the notation reads width x height x depth.',
    what:
      'An INPUT written as `[AxBxC]` or `AxBxC` whose width A is 1 to 4 (a channel count: grey, RGB, RGBA) while its height ' +
      'B and depth C are both at least 8 and within a factor 2 of each other (the two sides of an image). That is the C x ' +
      'H x W order of PyTorch tensors; the notation reads the first number as the width, so `INPUT [3x224x224]` is an ' +
      'input 3 wide, 224 high and 224 deep. `INPUT(w=, h=, d=)` names each side and is never reported.',
    why:
      'The shape compiles, so nothing stops the mistake: the first CONV then holds f*f*224*k weights instead of f*f*3*k, ' +
      'the widths shrink to nothing after a few strides, and every figure in the table is wrong. The cs231n notes (and ' +
      'this notation) write shapes as width x height x depth, `[224x224x3]`.',
    fix:
      'Reorder the sides as width x height x depth: `INPUT [224x224x3]` for a 3-channel 224x224 image (C x H x W = 3 x ' +
      'H x W becomes W x H x 3). If the shape really is that thin, write it as `INPUT(w=3, h=224, d=224)`.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const input = ctx.analysis.layers[0];
    if (!input || /^input\s*\(/i.test(input.node.text)) return out;
    const { width, height, depth } = input.output;
    const looksChannelsFirst =
      width <= MAX_CHANNELS && Math.min(height, depth) >= MIN_SIDE && Math.max(height, depth) <= MAX_ASPECT * Math.min(height, depth);
    if (!looksChannelsFirst) return out;
    const reordered = `${depth}x${height}x${width}`;
    const message =
      `${input.node.text} is read as ${width} wide, ${height} high and ${depth} deep (width x height x depth): ` +
      `${depth} channels of ${width}x${height}`;
    out.push(layerFinding(this, input, message, `if ${width} is the channel count (C x H x W), write INPUT [${reordered}]; a shape that thin is written INPUT(w=${width}, h=${height}, d=${depth})`));
    return out;
  },
};
