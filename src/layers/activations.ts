// RELU, TANH and SIGMOID: element-wise, no parameters, shape unchanged. Each counts one element
// operation per output element in FLOPs (max(0,x), tanh(x), 1/(1+exp(-x)) each as one operation).
// Their backward reads their output. RELU alone may run in place (ReLU(inplace=True)), where the
// autograd plan allows it (training/plan.ts).

import { elements, KEEPS_NOTHING, READS, SHAPE_KEEPING } from './shared.js';
import { bool } from './torch.js';
import { traitsOf } from './traits.js';
import type { LayerDef, LintTraits, TorchLayer } from './types.js';

interface Activation {
  readonly keyword: string;
  readonly traits: LintTraits['activation'];
  readonly inPlace: boolean;
  readonly module: (layer: TorchLayer<unknown>) => string;
  readonly formula: string;
}

function activation<K extends 'relu' | 'tanh' | 'sigmoid'>(kind: K, a: Activation): LayerDef<K> {
  const traits = traitsOf({ activation: a.traits, shapeOnly: true });
  return {
    ...SHAPE_KEEPING,
    kind,
    category: 'activation',
    keywords: [a.keyword],
    args: [],
    resolve: () => ({}) as never,
    elementOps: (_a, _input, out) => elements(out),
    notesName: () => a.keyword,
    traits: () => traits,
    training: { trainable: false, inPlace: a.inPlace, reads: READS.output, keeps: KEEPS_NOTHING },
    pytorch: { rank: 'any', module: a.module },
    docs: {
      name: a.keyword,
      writtenAs: `\`${a.keyword}\``,
      arguments: 'none',
      defaults: '—',
      output: 'W x H x D',
      weights: '0',
      biases: '0',
      macs: '0',
      elementOps: `1 (${a.formula} counts as one)`,
      keeps: a.inPlace
        ? 'its output, computed in place over its input (the buffer the next layer also keeps, counted once), except when the input has other readers (a branch, a residual skip) or is the output of a differentiated layer whose backward reads it (TANH, SIGMOID, SOFTMAX, POOL l2, RELU): then a buffer of its own (at inference only the first exception applies)'
        : 'its output',
    },
  };
}

export const relu = activation('relu', {
  keyword: 'RELU',
  traits: { nonNegative: true, clipsAtZero: true },
  inPlace: true,
  module: ({ inPlace }) => `nn.ReLU(inplace=${bool(inPlace)})`,
  formula: 'max(0,x)',
});
export const tanh = activation('tanh', { keyword: 'TANH', traits: { nonNegative: false, clipsAtZero: false }, inPlace: false, module: () => 'nn.Tanh()', formula: 'tanh x' });
export const sigmoid = activation('sigmoid', {
  keyword: 'SIGMOID',
  traits: { nonNegative: true, clipsAtZero: false },
  inPlace: false,
  module: () => 'nn.Sigmoid()',
  formula: '1/(1+exp(-x))',
});
