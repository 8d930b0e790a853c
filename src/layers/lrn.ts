// NORM or LRN(size=5, alpha=0.0001, beta=0.75, k=1): local response normalisation across channels,
// as torch.nn.LocalResponseNorm: b = a / (k + alpha/size * sum of a^2 over `size` channels)^beta.
// No parameters, shape unchanged. FLOPs per element: size squares and size-1 adds for the sum, then
// a scale, an add, a power and a divide: 2*size + 3.

import { mul } from '../util/exact.js';
import { elements, intArg, READS, SHAPE_KEEPING } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { LayerDef, LrnArgs, OwnSaved, Saving, Shape } from './types.js';

function numberArg(given: Readonly<Record<string, number | string>>, key: string, fallback: number): number {
  const value = given[key];
  return typeof value === 'number' ? value : fallback;
}

/** Its input (a backward read) and the scale (k + alpha/size * sum of squares, one per element);
 *  PyTorch's local_response_norm, a chain of operations, also saves the channel-padded squares
 *  ((D + size - 1) x W x H, for avg_pool3d) and the base of the power (D x W x H). */
function lrnKeeps(a: LrnArgs, input: Shape, _out: Shape, saving: Saving): OwnSaved[] {
  const scale: OwnSaved = { what: 'scale', elements: elements(input), element: 'activation' };
  if (saving !== 'pytorch') return [scale];
  const squares = mul('saved elements', input.width, input.height, input.depth + a.size - 1);
  return [scale, { what: 'lrn squares', elements: squares, element: 'activation' }, { what: 'lrn base', elements: elements(input), element: 'activation' }];
}

export const lrn: LayerDef<'lrn'> = {
  ...SHAPE_KEEPING,
  kind: 'lrn',
  category: 'normalization',
  keywords: ['LRN', 'NORM'],
  args: [
    { key: 'size', type: 'int', min: 1, about: 'channels in the window' },
    { key: 'alpha', type: 'number', min: 0, about: 'scale' },
    { key: 'beta', type: 'number', min: 0, about: 'exponent' },
    { key: 'k', type: 'number', min: 0, about: 'additive constant' },
  ],
  positional: ['size'],
  resolve: (given) => ({
    size: intArg(given, 'size', 5),
    alpha: numberArg(given, 'alpha', 0.0001),
    beta: numberArg(given, 'beta', 0.75),
    k: numberArg(given, 'k', 1),
  }),
  elementOps: (a, _input, out) => mul('FLOPs', elements(out), 2 * a.size + 3),
  notesName: () => 'NORM',
  traits: fixedTraits({ shapeOnly: true }),
  training: {
    trainable: false,
    inPlace: false,
    reads: READS.input,
    keeps: lrnKeeps,
    // PyTorch differentiates its chain op by op: the last, input / base^beta, makes four
    // input-sized tensors at once beside the output gradient (torch.profiler on PyTorch 1.13):
    // three more than the executor's one input gradient
    scratch: (_a, input, _out, { saving }) => ({ elements: saving === 'pytorch' ? mul('scratch elements', elements(input), 3) : 0, columns: true }),
  },
  pytorch: {
    rank: 'nchw',
    module: ({ args: a }) => `nn.LocalResponseNorm(${py(a.size)}, alpha=${py(a.alpha)}, beta=${py(a.beta)}, k=${py(a.k)})`,
  },
  docs: {
    name: 'LRN / NORM',
    writtenAs: '`NORM`, `LRN`, `LRN(size=, alpha=, beta=, k=)`, `LRN(5)`',
    arguments: 'size >= 1 (integer); alpha, beta, k: decimals >= 0; positional: size',
    defaults: 'size=5, alpha=0.0001, beta=0.75, k=1',
    output: 'W x H x D',
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: '2*size + 3 (size squares, size - 1 adds, a scale, an add, a power, a divide)',
    keeps: "its input and its scale (one per element), and, as PyTorch's local_response_norm saves them, the channel-padded squares ((D + size - 1) x W x H) and the base of the power (D x W x H)",
  },
};
