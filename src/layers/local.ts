// LOCAL: a locally connected layer, CONV's geometry without weight sharing (cs231n 3.1.2):
// every output position has its own filters. Weights outW*outH*k*f*f*D, biases outW*outH*k,
// MACs outW*outH*k*f*f*D (the same multiply-adds as CONV, each with its own weight).

import { mul } from '../util/exact.js';
import { CONV_ARGS, resolveConvArgs, WINDOWED_AFFINE_TRAINING } from './conv.js';
import { windowStep } from './field.js';
import { bothSides, windowedShape } from './shared.js';
import { bool, py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { ConvArgs, LayerDef, Shape } from './types.js';
import { squareWindow } from './window.js';

/** F.unfold's columns of one image: f*f*D per output position. */
const localColumns = (a: ConvArgs, input: Shape, out: Shape): number => mul('columns', a.f, a.f, input.depth, out.width, out.height);

export const local: LayerDef<'local'> = {
  kind: 'local',
  category: 'conv',
  keywords: ['LOCAL'],
  args: CONV_ARGS,
  suffixArg: 'f',
  dashArg: 'k',
  resolve: (given, input) => resolveConvArgs(given, input.depth),
  windows: (a) => bothSides(squareWindow(a.f, a.s, a.p, a.d)),
  outputShape: (a, input) => windowedShape(bothSides(squareWindow(a.f, a.s, a.p, a.d)), input, a.k),
  weights: (a, input, out) => mul('weights', out.width, out.height, a.k, a.f, a.f, input.depth),
  biases: (a, _input, out) => (a.bias ? mul('biases', out.width, out.height, a.k) : 0),
  macs: (a, input, out) => mul('MACs', out.width, out.height, a.k, a.f, a.f, input.depth),
  elementOps: () => 0,
  notesName: (a) => `LOCAL${a.f}-${a.k}`,
  weightsFormula: (a, input, out) => `(${out.width}*${out.height}*${a.k})*(${a.f}*${a.f}*${input.depth})`,
  workspace: () => 0,
  receptiveField: windowStep,
  traits: fixedTraits({ affine: 'local' }),
  training: {
    ...WINDOWED_AFFINE_TRAINING,
    // The export's Local2d (export/prelude.ts) multiplies F.unfold's columns by its weights with
    // torch.bmm, which saves the columns (f*f*D per output position), not the input; its backward
    // forms the columns' gradient, as large, before F.fold sums it into the input gradient.
    reads: (_a, saving) => ({ input: saving !== 'pytorch', output: false }),
    keeps: (a, input, out, saving) => (saving === 'pytorch' ? [{ what: 'columns', elements: localColumns(a, input, out), element: 'activation' }] : []),
    scratch: (a, input, out, { saving }) => ({ elements: saving === 'pytorch' ? localColumns(a, input, out) : 0, columns: true }),
  },
  // weight [outH*outW, k, D*f*f]: for each output position (row-major y, x) its own k filters, each
  // over the window in (c, ky, kx) order; bias [k, outH, outW], NCHW like the output
  parameters: (a, input, out) => {
    const fanIn = input.depth * a.f * a.f;
    const weight = { name: 'weight', shape: [out.height * out.width, a.k, fanIn], fanIn, trainable: true } as const;
    return a.bias ? [weight, { name: 'bias', shape: [a.k, out.height, out.width], fanIn: 0, trainable: true }] : [weight];
  },
  pytorch: {
    rank: 'nchw',
    // LOCAL's windows are square; Local2d is the export's own module (export/prelude.ts)
    module: ({ args: x, input, output, windows }) => {
      const w = windows!.width;
      return `Local2d(${py(input.depth)}, ${py(x.k)}, ${py(w.f)}, ${py(w.s)}, ${py(w.p)}, ${py(w.d)}, ${py(output.height)}, ${py(output.width)}, bias=${bool(x.bias)})`;
    },
  },
  docs: {
    name: 'LOCAL',
    writtenAs: '`LOCAL(f=, k=, s=, p=, d=, bias=)`, `LOCALf-k`',
    arguments: 'as CONV, without g',
    defaults: 'as CONV',
    output: "W' x H' x k",
    weights: "W'*H'*k*f*f*D (unshared)",
    biases: "W'*H'*k (0 with bias=no)",
    macs: "W'*H'*k*f*f*D",
    elementOps: '0 (its FLOPs are 2 x MACs)',
    keeps: 'its input',
  },
};
