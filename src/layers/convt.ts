// CONVT: a transposed convolution (torch.nn.ConvTranspose2d, the gradient of a convolution with
// respect to its input): k filters of f x f, stride s, padding p, output padding op (below s),
// groups g. Output side (W-1)*s - 2p + f + op. Weights f*f*(D/g)*k (PyTorch's [D, k/g, f, f]),
// biases k. MACs W*H*D*f*f*(k/g) over the input W x H: every input element times every weight of
// its group, padding and output padding included (the MACs of the convolution it transposes).

import { mul } from '../util/exact.js';
import { ratio } from '../util/ratio.js';
import { resampled } from './field.js';
import { intArg } from './shared.js';
import { WINDOWED_AFFINE_TRAINING } from './conv.js';
import { bool, pair, py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { ConvTArgs, GivenArgs, LayerDef, ParamSpec, Shape } from './types.js';

function resolveConvT(given: GivenArgs, input: Shape): ConvTArgs {
  return {
    f: intArg(given, 'f', 3),
    k: intArg(given, 'k', input.depth),
    s: intArg(given, 's', 1),
    p: intArg(given, 'p', 0),
    op: intArg(given, 'op', 0),
    g: intArg(given, 'g', 1),
    bias: given['bias'] !== 'no',
  };
}

/** ConvTranspose2d's output side: (n-1)*s - 2p + f + op. */
export const transposedSide = (n: number, a: ConvTArgs): number => (n - 1) * a.s - 2 * a.p + a.f + a.op;

function checkConvT(a: ConvTArgs, input: Shape): string | null {
  if (a.op >= a.s) return `output padding op=${a.op} must be below the stride s=${a.s} (PyTorch refuses it)`;
  if (input.depth % a.g !== 0 || a.k % a.g !== 0) return `groups g=${a.g} must divide both the input depth ${input.depth} and the filter count k=${a.k}`;
  const side = Math.min(transposedSide(input.width, a), transposedSide(input.height, a));
  return side < 1 ? `output side (W-1)*${a.s} - 2*${a.p} + ${a.f} + ${a.op} = ${side}, below 1` : null;
}

/** ConvTranspose2d's tensors: weight [D, k/g, f, f] (its fan-in, as PyTorch's init reads it: (k/g)*f*f), bias [k]. */
function convTParameters(a: ConvTArgs, input: Shape): ParamSpec[] {
  const perGroup = a.k / a.g;
  const weight: ParamSpec = { name: 'weight', shape: [input.depth, perGroup, a.f, a.f], fanIn: perGroup * a.f * a.f, trainable: true };
  return a.bias ? [weight, { name: 'bias', shape: [a.k], fanIn: 0, trainable: true }] : [weight];
}

export const convt: LayerDef<'convt'> = {
  kind: 'convt',
  category: 'conv',
  keywords: ['CONVT'],
  args: [
    { key: 'f', type: 'int', min: 1, about: 'window (filter) size per side' },
    { key: 'k', type: 'int', min: 1, about: 'number of filters (output depth)' },
    { key: 's', type: 'int', min: 1, about: 'stride (the upsampling factor)' },
    { key: 'p', type: 'int', min: 0, about: 'padding removed per side' },
    { key: 'op', type: 'int', min: 0, about: 'output padding (below s): rows and columns added at the far edge' },
    { key: 'g', type: 'int', min: 1, about: 'groups (each filter sees depth/g channels)' },
    { key: 'bias', type: 'word', words: ['yes', 'no'], about: 'whether the filters have biases' },
  ],
  suffixArg: 'f',
  dashArg: 'k',
  resolve: resolveConvT,
  check: checkConvT,
  outputShape: (a, input) => ({ width: transposedSide(input.width, a), height: transposedSide(input.height, a), depth: a.k }),
  weights: (a, input) => mul('weights', a.f, a.f, input.depth / a.g, a.k),
  biases: (a) => (a.bias ? a.k : 0),
  macs: (a, input) => mul('MACs', input.width, input.height, input.depth, a.f, a.f, a.k / a.g),
  elementOps: () => 0,
  notesName: (a) => `CONVT${a.f}-${a.k}`,
  weightsFormula: (a, input) => `(${a.f}*${a.f}*${a.g === 1 ? input.depth : `${input.depth}/${a.g}`})*${a.k}`,
  // the columns W^T x of one image, [k*f*f x W*H], scattered into the output (kernels/convt.ts)
  workspace: (a, input) => mul('im2col columns', a.k, a.f, a.f, input.width, input.height),
  // Output o sums the inputs i with 0 <= o + p - i*s <= f-1: at most ceil(f/s) of them per side.
  receptiveField: (a, previous) => resampled(previous, Math.ceil(a.f / a.s), ratio(1, a.s)),
  traits: fixedTraits({ affine: 'convolution' }),
  // PyTorch 1.13 on CPU takes slow_conv_transpose2d, not oneDNN (torch.profiler): im2col columns of
  // k*f*f x W*H per image in its forward and backward, as the executor's, and no blocked copies;
  // autograd saves its input and weight (ConvolutionBackward0 _saved_input, _saved_weight).
  training: WINDOWED_AFFINE_TRAINING,
  parameters: convTParameters,
  pytorch: {
    rank: 'nchw',
    module: ({ args: x, input }) =>
      `nn.ConvTranspose2d(${py(input.depth)}, ${py(x.k)}, kernel_size=${pair(x.f, x.f)}, stride=${pair(x.s, x.s)}, ` +
      `padding=${pair(x.p, x.p)}, output_padding=${pair(x.op, x.op)}, groups=${py(x.g)}, bias=${bool(x.bias)})`,
  },
  docs: {
    name: 'CONVT (v3)',
    writtenAs: '`CONVTf-k`, `CONVT(f=, k=, s=, p=, op=, g=, bias=)`',
    arguments: 'f >= 1, k >= 1, s >= 1, p >= 0, 0 <= op < s, g >= 1, bias=yes\\|no',
    defaults: 'f=3, s=1, p=0, op=0, g=1, k = D, bias=yes',
    output: "W' x H' x k, W' = (W-1)*s - 2p + f + op",
    weights: 'f*f*(D/g)*k',
    biases: 'k (0 with bias=no)',
    macs: 'W*H*D*f*f*(k/g) (over its input: every input element times every weight of its group)',
    elementOps: '0 (its FLOPs are 2 x MACs)',
    keeps: 'its input',
  },
};
