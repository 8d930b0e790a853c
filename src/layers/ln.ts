// LN or LAYERNORM(eps=1e-6): layer normalisation over the channels at each position, as ConvNeXt's
// LayerNorm2d (torchvision: permute to N,H,W,C, nn.LayerNorm(D, eps), permute back):
// y_c = (x_c - mean) / sqrt(var + eps) * weight_c + bias_c, mean and biased var over the D channels
// of one position. Weights D, biases D, no buffers: the statistics are the input's, at inference too.
// FLOPs per element: its share of the sums for the mean (1) and the variance (a square and an add),
// the deviation from the mean (1), the normalisation (1), the scale and the shift (2): 7. The few
// per position (two divides by D, eps, a reciprocal square root) are left out, as SOFTMAX leaves out its sum's.

import { mul } from '../util/exact.js';
import { elements, READS, SHAPE_KEEPING } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { LayerDef, OwnSaved, ParamName, ParamSpec, Shape } from './types.js';

/** torchvision's ConvNeXt (nn.LayerNorm's own default is 1e-5). */
export const LN_EPS = 1e-6;

/** weight [D] (ones) and bias [D] (zeros), as nn.LayerNorm(D) holds them. */
function lnParameters(_a: unknown, input: Shape): ParamSpec[] {
  const tensor = (name: ParamName): ParamSpec => ({ name, shape: [input.depth], fanIn: 0, trainable: true });
  return [tensor('weight'), tensor('bias')];
}

/** PyTorch's native_layer_norm saves its input (the permuted view of this layer's input: no copy;
 *  grad_fn._saved_input shares its storage, PyTorch 1.13), the mean and the reciprocal standard
 *  deviation ([N, H, W, 1] each); the executor keeps the same two statistics. */
function lnKeeps(_a: unknown, input: Shape): OwnSaved[] {
  return [{ what: 'ln statistics', elements: mul('saved elements', 2, input.width, input.height), element: 'activation' }];
}

export const ln: LayerDef<'ln'> = {
  ...SHAPE_KEEPING,
  kind: 'ln',
  category: 'normalization',
  keywords: ['LN', 'LAYERNORM'],
  args: [{ key: 'eps', type: 'number', min: 0, about: 'added to the variance' }],
  resolve: (given) => ({ eps: typeof given['eps'] === 'number' ? given['eps'] : LN_EPS }),
  weights: (_a, input) => input.depth,
  biases: (_a, input) => input.depth,
  elementOps: (_a, _input, out) => mul('FLOPs', elements(out), 7),
  notesName: () => 'LN',
  // the scale alone, as BN's: the shift is LN's D biases
  weightsFormula: (_a, input) => String(input.depth),
  // the mean it subtracts is over the channels of one position, not a channel's over the positions:
  // a per-channel bias before it changes the deviations and the variance, so it is not cancelled
  traits: fixedTraits({ shapeOnly: true }),
  training: {
    trainable: true,
    inPlace: false,
    reads: READS.input,
    keeps: lnKeeps,
    // its backward makes a contiguous copy of the permuted input (torch.profiler, PyTorch 1.13)
    scratch: (_a, input, _out, { saving }) => ({ elements: saving === 'pytorch' ? elements(input) : 0, columns: true }),
  },
  parameters: lnParameters,
  pytorch: { rank: 'nchw', module: ({ args, input }) => `LayerNorm2d(${py(input.depth)}, eps=${py(args.eps)})` },
  docs: {
    name: 'LN / LAYERNORM (v3)',
    writtenAs: '`LN`, `LAYERNORM`, `LN(eps=1e-6)`',
    arguments: 'eps: decimal >= 0',
    defaults: 'eps=1e-6 (torchvision ConvNeXt)',
    output: 'W x H x D (over depth at each position)',
    weights: 'D (scale)',
    biases: 'D (shift)',
    macs: '0',
    elementOps: '7 (shares of the sums for mean and variance: 1 + 2; the deviation, the normalisation, a scale and a shift)',
    keeps: 'its input and two statistics per position (the mean and the reciprocal standard deviation)',
  },
};
