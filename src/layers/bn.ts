// BN or BATCHNORM: batch normalisation over depth. Parameters 2*D (a scale and a shift per channel,
// counted as D weights and D biases), plus 2*D running statistics reported as buffers. At inference
// it is y = x*a + b per element: 2 element operations.

import { mul } from '../util/exact.js';
import { elements, KEEPS_NOTHING, READS, SHAPE_KEEPING } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { LayerDef, ParamName, ParamSpec, Shape } from './types.js';

/** PyTorch's BatchNorm2d default eps, the executor's too unless `BN(eps=...)` says otherwise. */
export const BN_EPS = 1e-5;

/** weight (gamma) [D] and bias (beta) [D] train; the running mean [D] and variance [D] are buffers. */
function bnParameters(_a: unknown, input: Shape): ParamSpec[] {
  const tensor = (name: ParamName, trainable: boolean): ParamSpec => ({ name, shape: [input.depth], fanIn: 0, trainable });
  return [tensor('weight', true), tensor('bias', true), tensor('running_mean', false), tensor('running_var', false)];
}

export const bn: LayerDef<'bn'> = {
  ...SHAPE_KEEPING,
  kind: 'bn',
  category: 'normalization',
  keywords: ['BN', 'BATCHNORM'],
  args: [{ key: 'eps', type: 'number', min: 0, about: 'added to the variance' }],
  resolve: (given) => ({ eps: typeof given['eps'] === 'number' ? given['eps'] : BN_EPS }),
  weights: (_a, input) => input.depth,
  biases: (_a, input) => input.depth,
  buffers: (_a, input) => mul('buffers', 2, input.depth),
  elementOps: (_a, _input, out) => mul('FLOPs', elements(out), 2),
  notesName: () => 'BN',
  // the scale alone: the shift is BN's D biases, which the notes' weights column leaves out
  weightsFormula: (_a, input) => String(input.depth),
  traits: fixedTraits({ shapeOnly: true, keepsLinear: true, cancelsBias: true }),
  training: { trainable: true, inPlace: false, reads: READS.input, keeps: KEEPS_NOTHING },
  parameters: bnParameters,
  pytorch: { rank: 'nchw', module: ({ args, input }) => `nn.BatchNorm2d(${py(input.depth)}, eps=${py(args.eps)})` }, // momentum 0.1 in both
  docs: {
    name: 'BN / BATCHNORM (v2)',
    writtenAs: '`BN`, `BATCHNORM`, `BN(eps=1e-3)` (v3)',
    arguments: 'eps: decimal >= 0 (v3)',
    defaults: 'eps=1e-5 (PyTorch\'s BatchNorm2d)',
    output: 'W x H x D',
    weights: 'D (scale)',
    biases: 'D (shift)',
    macs: '0; plus 2*D buffers (running mean and variance), not parameters',
    elementOps: '2 (y = x*a + b at inference)',
    keeps: 'its input',
  },
};
