// SCALE(init=1e-6): a learned multiplier per channel, ConvNeXt's layer scale (torchvision CNBlock:
// `self.layer_scale * self.block(input)`, a parameter of shape (D, 1, 1) starting at 1e-6).
// Weights D, no biases; FLOPs per element: one multiply (0 MACs, as BN's scale).

import { elements, KEEPS_NOTHING, READS, SHAPE_KEEPING } from './shared.js';
import { py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { LayerDef, ScaleArgs, Shape } from './types.js';

/** torchvision's ConvNeXt layer_scale. */
export const SCALE_INIT = 1e-6;

export const scale: LayerDef<'scale'> = {
  ...SHAPE_KEEPING,
  kind: 'scale',
  category: 'normalization', // the scale half of an affine normalisation, alone
  keywords: ['SCALE'],
  args: [{ key: 'init', type: 'number', min: 0, about: 'initial value of every multiplier' }],
  resolve: (given) => ({ init: typeof given['init'] === 'number' ? given['init'] : SCALE_INIT }),
  weights: (_a, input) => input.depth,
  elementOps: (_a, _input, out) => elements(out),
  notesName: () => 'SCALE',
  weightsFormula: (_a, input) => String(input.depth),
  traits: fixedTraits({ shapeOnly: true, keepsLinear: true }),
  training: {
    trainable: true,
    inPlace: false,
    // its multipliers' gradient is the output gradient times the input (MulBackward0 saves it)
    reads: READS.input,
    keeps: KEEPS_NOTHING,
    // PyTorch forms that product at full size before summing it to (D, 1, 1) (torch.profiler, 1.13)
    scratch: (_a, input, _out, { saving }) => ({ elements: saving === 'pytorch' ? elements(input) : 0, columns: true }),
  },
  parameters: (a: ScaleArgs, input: Shape) => [{ name: 'weight', shape: [input.depth, 1, 1], fanIn: 0, trainable: true, init: a.init }],
  pytorch: { rank: 'nchw', module: ({ args, input }) => `LayerScale(${py(input.depth)}, init=${py(args.init)})` },
  docs: {
    name: 'SCALE (v3)',
    writtenAs: '`SCALE`, `SCALE(init=1e-6)`',
    arguments: 'init: decimal >= 0',
    defaults: 'init=1e-6 (torchvision ConvNeXt)',
    output: 'W x H x D',
    weights: 'D (one multiplier per channel)',
    biases: '0',
    macs: '0',
    elementOps: '1 (a multiply)',
    keeps: 'its input',
  },
};
