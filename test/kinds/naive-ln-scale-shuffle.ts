// Naive references of LN (torchvision ConvNeXt's LayerNorm2d: nn.LayerNorm over the channels of
// each position), SCALE (CNBlock's layer_scale * x, a (D, 1, 1) parameter broadcast over N, H, W)
// and SHUFFLE (ShuffleNetV2's channel_shuffle: view N,g,D/g,H,W, transpose 1 and 2, flatten).

import { at, tensorOf, type Naive } from './case.js';

/** nn.LayerNorm: (x - E[x]) / sqrt(Var[x] + eps) * weight + bias, E and the biased Var over the channels. */
export const naiveLn: Naive<'ln'> = ({ args: a, batch, inputs: [x], params }) =>
  tensorOf(batch, x!.c, x!.h, x!.w, (b, c, y, xx) => {
    const channels = Array.from({ length: x!.c }, (_, j) => at(x!, b, j, y, xx));
    const mean = channels.reduce((s, v) => s + v, 0) / x!.c;
    const variance = channels.reduce((s, v) => s + (v - mean) ** 2, 0) / x!.c;
    return ((at(x!, b, c, y, xx) - mean) / Math.sqrt(variance + a.eps)) * params.weight![c]! + params.bias![c]!;
  });

/** weight[c, 0, 0] * x[b, c, y, x]. */
export const naiveScale: Naive<'scale'> = ({ batch, inputs: [x], params }) =>
  tensorOf(batch, x!.c, x!.h, x!.w, (b, c, y, xx) => params.weight![c]! * at(x!, b, c, y, xx));

/** After the transpose, output channel o is (o // g, o % g) of the [D/g, g] view, which reads the
 *  input's [g, D/g] view at (o % g, o // g): input channel (o % g) * (D/g) + o // g. */
export const naiveShuffle: Naive<'shuffle'> = ({ args: a, batch, inputs: [x] }) =>
  tensorOf(batch, x!.c, x!.h, x!.w, (b, o, y, xx) => at(x!, b, (o % a.g) * (x!.c / a.g) + Math.floor(o / a.g), y, xx));
