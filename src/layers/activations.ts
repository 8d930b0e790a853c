// The point-wise activations: element-wise, no parameters, shape unchanged. Each counts one element
// operation per output element in FLOPs (the whole function, max(0,x), tanh(x), 1/(1+exp(-x)),
// as one operation). RELU, TANH and SIGMOID live here with the declaration they share; the v3
// activations (RELU6, SILU, HSWISH, HSIGMOID, GELU) in activations-modern.ts. RELU alone may run in
// place (ReLU(inplace=True)), where the autograd plan allows it (training/plan.ts).

import { elements, KEEPS_NOTHING, READS, SHAPE_KEEPING } from './shared.js';
import { bool } from './torch.js';
import { traitsOf } from './traits.js';
import type { LayerDef, LintTraits, NoArgs, Saving, TorchLayer } from './types.js';

export type ActivationKind = 'relu' | 'tanh' | 'sigmoid' | 'relu6' | 'silu' | 'hswish' | 'hsigmoid' | 'gelu';

export interface Activation {
  /** The first is the kind's name in tables; the others are aliases (SWISH for SILU). */
  readonly keywords: readonly string[];
  readonly traits: NonNullable<LintTraits['activation']>;
  readonly inPlace: boolean;
  /** What its backward reads under each saving rule; default its output (as PyTorch's relu, tanh, sigmoid save it). */
  readonly reads?: (args: NoArgs, saving: Saving) => { readonly input: boolean; readonly output: boolean };
  readonly module: (layer: TorchLayer<unknown>) => string;
  readonly formula: string;
  /** The docs' "what backward keeps"; default from `inPlace`. */
  readonly keeps?: string;
}

/** Its output, signed and unbounded: TANH's shape of trait without the bound, SILU, HSWISH, GELU. */
export const SIGNED: Activation['traits'] = { nonNegative: false, clipsAtZero: false, ceiling: null, unitInterval: false };

const IN_PLACE_KEEPS =
  'its output, computed in place over its input (the buffer the next layer also keeps, counted once), except when the input has other readers (a branch, a residual skip) or is the output of a differentiated layer whose backward reads it (TANH, SIGMOID, RELU6, HSIGMOID, SOFTMAX, POOL l2, RELU): then a buffer of its own (at inference only the first exception applies)';

export function activation<K extends ActivationKind>(kind: K, a: Activation): LayerDef<K> {
  const traits = traitsOf({ activation: a.traits, shapeOnly: true });
  const keyword = a.keywords[0]!;
  return {
    ...SHAPE_KEEPING,
    kind,
    category: 'activation',
    keywords: a.keywords,
    args: [],
    resolve: () => ({}) as never,
    elementOps: (_a, _input, out) => elements(out),
    notesName: () => keyword,
    traits: () => traits,
    training: { trainable: false, inPlace: a.inPlace, reads: a.reads ?? READS.output, keeps: KEEPS_NOTHING },
    pytorch: { rank: 'any', module: a.module },
    docs: {
      name: a.keywords.join(' / '),
      writtenAs: a.keywords.map((k) => `\`${k}\``).join(', '),
      arguments: 'none',
      defaults: '—',
      output: 'W x H x D',
      weights: '0',
      biases: '0',
      macs: '0',
      elementOps: `1 (${a.formula} counts as one)`,
      keeps: a.keeps ?? (a.inPlace ? IN_PLACE_KEEPS : 'its output'),
    },
  };
}

export const relu = activation('relu', {
  keywords: ['RELU'],
  traits: { nonNegative: true, clipsAtZero: true, ceiling: null, unitInterval: false },
  inPlace: true,
  module: ({ inPlace }) => `nn.ReLU(inplace=${bool(inPlace)})`,
  formula: 'max(0,x)',
});
export const tanh = activation('tanh', { keywords: ['TANH'], traits: SIGNED, inPlace: false, module: () => 'nn.Tanh()', formula: 'tanh x' });
export const sigmoid = activation('sigmoid', {
  keywords: ['SIGMOID'],
  traits: { nonNegative: true, clipsAtZero: false, ceiling: null, unitInterval: true },
  inPlace: false,
  module: () => 'nn.Sigmoid()',
  formula: '1/(1+exp(-x))',
});
