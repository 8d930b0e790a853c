// LOCAL: a locally connected layer, CONV's geometry without weight sharing (cs231n 3.1.2):
// every output position has its own filters. Weights outW*outH*k*fh*fw*D, biases outW*outH*k,
// MACs outW*outH*k*fh*fw*D (the same multiply-adds as CONV, each with its own weight).

import { mul } from '../util/exact.js';
import { CONV_ARGS, resolveConvArgs, WINDOWED_AFFINE_TRAINING } from './conv.js';
import { windowStep } from './field.js';
import { sidesJson, sideWindows, sizeText, windowedShape } from './shared.js';
import { bool, pair, py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { ConvArgs, LayerDef, Shape } from './types.js';

/** F.unfold's columns of one image: fh*fw*D per output position. */
const localColumns = (a: ConvArgs, input: Shape, out: Shape): number => mul('columns', a.fh, a.fw, input.depth, out.width, out.height);

export const local: LayerDef<'local'> = {
  kind: 'local',
  category: 'conv',
  keywords: ['LOCAL'],
  args: CONV_ARGS,
  suffixArg: 'f',
  dashArg: 'k',
  resolve: (given, input) => resolveConvArgs(given, input.depth),
  windows: (a) => sideWindows(a, a.d),
  outputShape: (a, input) => windowedShape(sideWindows(a, a.d), input, a.k),
  weights: (a, input, out) => mul('weights', out.width, out.height, a.k, a.fh, a.fw, input.depth),
  biases: (a, _input, out) => (a.bias ? mul('biases', out.width, out.height, a.k) : 0),
  macs: (a, input, out) => mul('MACs', out.width, out.height, a.k, a.fh, a.fw, input.depth),
  elementOps: () => 0,
  notesName: (a) => `LOCAL${sizeText(a.fw, a.fh)}-${a.k}`,
  weightsFormula: (a, input, out) => `(${out.width}*${out.height}*${a.k})*(${a.fw}*${a.fh}*${input.depth})`,
  workspace: () => 0,
  argsJson: sidesJson,
  receptiveField: windowStep,
  traits: fixedTraits({ affine: 'local' }),
  training: {
    ...WINDOWED_AFFINE_TRAINING,
    // The export's Local2d (export/prelude.ts) multiplies F.unfold's columns by its weights with
    // torch.bmm, which saves the columns (fh*fw*D per output position), not the input; its backward
    // forms the columns' gradient, as large, before F.fold sums it into the input gradient.
    reads: (_a, saving) => ({ input: saving !== 'pytorch', output: false }),
    keeps: (a, input, out, saving) => (saving === 'pytorch' ? [{ what: 'columns', elements: localColumns(a, input, out), element: 'activation' }] : []),
    scratch: (a, input, out, { saving }) => ({ elements: saving === 'pytorch' ? localColumns(a, input, out) : 0, columns: true }),
  },
  // weight [outH*outW, k, D*fh*fw]: for each output position (row-major y, x) its own k filters, each
  // over the window in (c, ky, kx) order; bias [k, outH, outW], NCHW like the output
  parameters: (a, input, out) => {
    const fanIn = input.depth * a.fh * a.fw;
    const weight = { name: 'weight', shape: [out.height * out.width, a.k, fanIn], fanIn, trainable: true } as const;
    return a.bias ? [weight, { name: 'bias', shape: [a.k, out.height, out.width], fanIn: 0, trainable: true }] : [weight];
  },
  pytorch: {
    rank: 'nchw',
    // Local2d is the export's own module (export/prelude.ts); f, s and p as torch's (h, w) pairs
    module: ({ args: x, input, output, windows }) => {
      const { height: h, width: w } = windows!;
      return (
        `Local2d(${py(input.depth)}, ${py(x.k)}, ${pair(h.f, w.f)}, ${pair(h.s, w.s)}, ${pair(h.p, w.p)}, ${py(w.d)}, ` +
        `${py(output.height)}, ${py(output.width)}, bias=${bool(x.bias)})`
      );
    },
  },
  docs: {
    name: 'LOCAL',
    writtenAs: '`LOCAL(f=, k=, s=, p=, d=, bias=)`, `LOCALf-k`; non-square (v3): `LOCAL(fh=1, fw=3, k=8)`',
    arguments: 'as CONV (fh, fw, sh, sw, ph, pw too), without g',
    defaults: 'as CONV',
    output: "W' x H' x k",
    weights: "W'*H'*k*fh*fw*D (unshared)",
    biases: "W'*H'*k (0 with bias=no)",
    macs: "W'*H'*k*fh*fw*D",
    elementOps: '0 (its FLOPs are 2 x MACs)',
    keeps: 'its input',
  },
};
