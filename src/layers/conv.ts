// CONV: a convolution with k filters of f x f x D, stride s, zero padding p (cs231n "CONV3-64");
// version 2 adds groups g (each filter sees D/g channels), dilation d and bias=no; version 3
// non-square windows fh x fw (Inception's 1x7: fh=1, fw=7), with strides sh, sw and paddings ph, pw.
// Weights fh*fw*(D/g)*k, biases k (0 with bias=no), MACs outW*outH*k*fh*fw*(D/g).

import { mul } from '../util/exact.js';
import { windowStep } from './field.js';
import { elements, intArg, KEEPS_NOTHING, READS, sideArg, sidesJson, sideWindows, sizeText, WINDOW_ARGS, windowedShape } from './shared.js';
import { bool, pair, py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { ArgSpec, ConvArgs, GivenArgs, LayerDef, ParamSpec, Scratch, ScratchContext, Shape } from './types.js';

/** Defaults of the contract, per side: f=3, s=1, p = floor((d*(f-1)+1 - 1)/2) ("same" for odd f,
 *  torch's (0, 3) for Inception's 1x7); g=1, d=1, k = input depth. */
export function resolveConvArgs(given: GivenArgs, inputDepth: number): ConvArgs {
  const fh = sideArg(given, 'fh', 'f', 3);
  const fw = sideArg(given, 'fw', 'f', 3);
  const d = intArg(given, 'd', 1);
  return {
    fh,
    fw,
    k: intArg(given, 'k', inputDepth),
    sh: sideArg(given, 'sh', 's', 1),
    sw: sideArg(given, 'sw', 's', 1),
    ph: sideArg(given, 'ph', 'p', Math.floor((d * (fh - 1)) / 2)),
    pw: sideArg(given, 'pw', 'p', Math.floor((d * (fw - 1)) / 2)),
    g: intArg(given, 'g', 1),
    d,
    bias: given['bias'] !== 'no',
  };
}

export const CONV_ARGS: readonly ArgSpec[] = [
  ...WINDOW_ARGS,
  { key: 'k', type: 'int', min: 1, about: 'number of filters (output depth)' },
  { key: 'd', type: 'int', min: 1, about: 'dilation' },
  { key: 'bias', type: 'word', words: ['yes', 'no'], about: 'whether the filters have biases' },
];

/** The weights of CONV and LOCAL train from their input, which their backward reads. */
export const WINDOWED_AFFINE_TRAINING = { trainable: true, inPlace: false, reads: READS.input, keeps: KEEPS_NOTHING } as const;

const padded = (channels: number, block: number): number => Math.ceil(channels / block) * block;

/** PyTorch's CPU convolution takes oneDNN's path (ATen's use_mkldnn) for every convolution but a
 *  plain 1x1 (stride 1, no dilation, one group), which takes slow_conv2d's below batch 16 (no
 *  columns for a 1x1). oneDNN uses no im2col columns; its backward works on channel-blocked copies,
 *  channels padded to the block (8 with AVX2), as measured with torch.profiler on PyTorch 1.13:
 *  the input gradient is formed from a blocked copy of the output gradient into a blocked buffer,
 *  then reordered into a plain one (the blocked copies freed); the weight gradient of an undilated
 *  convolution from blocked copies of the output gradient and of the input, made while the input
 *  gradient lives (a dilated one's works without them). */
function convScratch(a: ConvArgs, input: Shape, out: Shape, { channelBlock: block, inputGradient }: ScratchContext): Scratch {
  if (block === null) return { elements: 0, columns: true }; // im2col + GEMM on plain layouts
  if (a.fh === 1 && a.fw === 1 && a.sh === 1 && a.sw === 1 && a.d === 1 && a.g === 1) return { elements: 0, columns: false };
  const gradient = mul('blocked elements', padded(a.k, block), out.width, out.height);
  const source = mul('blocked elements', padded(input.depth, block), input.width, input.height);
  const plain = elements(input);
  // forming the input gradient: output gradient, its blocked copy and the blocked input gradient,
  // then the blocked and the plain input gradient together (the base model counts the plain one)
  const inputStep = inputGradient ? Math.max(gradient + source - plain, source) : 0;
  const weightStep = a.d === 1 ? gradient + source : 0;
  return { elements: Math.max(inputStep, weightStep), columns: dilatedPastInput(a, input) };
}

/** A dilated window that spans more than its input (DeepLabV3's rate-36 3x3 on a 65x65 map: 73
 *  wide) leaves oneDNN's path for im2col columns of one image: measured, CONV(f=3, k=256, d=36) on
 *  65x65x2048 at batch 2 holds 2048*9*65*65 floats more than with d=1, while dilated windows
 *  within their input (LR-ASPP's 5x5 at d=2, gen06, gen17) hold none. */
function dilatedPastInput(a: ConvArgs, input: Shape): boolean {
  return a.d > 1 && (a.d * (a.fw - 1) + 1 > input.width || a.d * (a.fh - 1) + 1 > input.height);
}

/** CONV's tensors as torch.nn.Conv2d holds them: weight [k, D/g, fh, fw], bias [k]. */
function convParameters(a: ConvArgs, input: Shape): ParamSpec[] {
  const perGroup = input.depth / a.g;
  const weight: ParamSpec = { name: 'weight', shape: [a.k, perGroup, a.fh, a.fw], fanIn: perGroup * a.fh * a.fw, trainable: true };
  return a.bias ? [weight, { name: 'bias', shape: [a.k], fanIn: 0, trainable: true }] : [weight];
}

export const conv: LayerDef<'conv'> = {
  kind: 'conv',
  category: 'conv',
  keywords: ['CONV'],
  args: [...CONV_ARGS, { key: 'g', type: 'int', min: 1, about: 'groups (each filter sees depth/g channels)' }],
  suffixArg: 'f',
  dashArg: 'k',
  resolve: (given, input) => resolveConvArgs(given, input.depth),
  windows: (a) => sideWindows(a, a.d),
  check: (a, input) =>
    input.depth % a.g !== 0 || a.k % a.g !== 0
      ? `groups g=${a.g} must divide both the input depth ${input.depth} and the filter count k=${a.k}`
      : null,
  outputShape: (a, input) => windowedShape(sideWindows(a, a.d), input, a.k),
  weights: (a, input) => mul('weights', a.fh, a.fw, input.depth / a.g, a.k),
  biases: (a) => (a.bias ? a.k : 0),
  macs: (a, input, out) => mul('MACs', out.width, out.height, a.k, a.fh, a.fw, input.depth / a.g),
  elementOps: () => 0,
  notesName: (a) => `CONV${sizeText(a.fw, a.fh)}-${a.k}`,
  // width by height, as the name CONV7x1-k reads (square: the notes' (3*3*D)*k)
  weightsFormula: (a, input) => `(${a.fw}*${a.fh}*${a.g === 1 ? input.depth : `${input.depth}/${a.g}`})*${a.k}`,
  workspace: (a, input, out) => mul('im2col columns', a.fh, a.fw, input.depth, out.width, out.height),
  argsJson: sidesJson,
  receptiveField: windowStep,
  traits: fixedTraits({ affine: 'convolution' }),
  training: { ...WINDOWED_AFFINE_TRAINING, scratch: convScratch },
  parameters: convParameters,
  pytorch: {
    rank: 'nchw',
    module: ({ args: x, input, windows }) => {
      const { height: h, width: w } = windows!;
      return (
        `nn.Conv2d(${py(input.depth)}, ${py(x.k)}, kernel_size=${pair(h.f, w.f)}, stride=${pair(h.s, w.s)}, ` +
        `padding=${pair(h.p, w.p)}, dilation=${pair(h.d, w.d)}, groups=${py(x.g)}, bias=${bool(x.bias)})`
      );
    },
  },
  docs: {
    name: 'CONV',
    writtenAs: '`CONVf-k`, `CONVf`, `CONV`, `CONV(f=, k=, s=, p=, d=, g=, bias=)`, mixed: `CONV3-64(s=2)`; non-square (v3): `CONV(fh=1, fw=7, k=192)`',
    arguments: 'f >= 1, k >= 1, s >= 1, p >= 0, d >= 1 (v2), g >= 1 (v2), bias=yes\\|no (v2); per side (v3): fh, fw (window height, width), sh, sw, ph, pw, each instead of f, s or p',
    defaults: 'f=3, s=1, d=1, g=1, p=floor(d*(f-1)/2) ("same" for odd f), k = D, bias=yes; per side: fh = fw = f, ph=floor(d*(fh-1)/2), pw=floor(d*(fw-1)/2)',
    output: "W' x H' x k",
    weights: 'fh*fw*(D/g)*k (f*f when square)',
    biases: 'k (0 with bias=no)',
    macs: "W'*H'*k*fh*fw*(D/g)",
    elementOps: "0 (its FLOPs are 2 x MACs)",
    keeps: 'its input',
  },
};
