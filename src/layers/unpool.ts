// UNPOOL(@p) (version 3): max unpooling, torch.nn.MaxUnpool2d fed the indices of the max POOL
// labelled p (SegNet's decoder): each value goes back where that pool found its window's maximum,
// zeros elsewhere, giving the pool's input shape. Its inputs are the tensor to unpool, which must
// have the pool's output shape, and the pool's input (expansion adds it: notation/expand/unroll.ts),
// from which the maxima's positions come; its arguments are the pool's window. No parameters, no
// MACs, no element operations: it moves values. Its receptive field is CONVT's with the pool's window.

import { ratio } from '../util/ratio.js';
import { resampled } from './field.js';
import { pool } from './pool.js';
import { elements, sidesJson } from './shared.js';
import { pair, py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { GivenArgs, LayerDef, OwnSaved, Saving, Shape, UnpoolArgs, Window, Windows } from './types.js';

/** The pool's windows over its input (inputs[1]), as the POOL declaration resolves them from the
 *  pool's arguments, which expansion gives the unpooling as its own. */
function resolveUnpool(given: GivenArgs, input: Shape, inputs?: readonly Shape[]): UnpoolArgs {
  const poolInput = inputs?.[1] ?? input;
  const { width: w, height: h } = pool.windows!(pool.resolve(given, poolInput), poolInput);
  return { fh: h.f, fw: w.f, sh: h.s, sw: w.s, ph: h.p, pw: w.p, ceil: w.ceil };
}

export function unpoolWindows(a: UnpoolArgs): Windows {
  return {
    width: { f: a.fw, s: a.sw, p: a.pw, d: 1, ceil: a.ceil },
    height: { f: a.fh, s: a.sh, p: a.ph, d: 1, ceil: a.ceil },
  };
}

/** What the pool gives its input: the shape the unpooled tensor must have. */
function pooledShape(a: UnpoolArgs, poolInput: Shape): Shape {
  return pool.outputShape({ ...a, mode: 'max', global: false, outh: null, outw: null }, poolInput, [poolInput]);
}

const shapeText = (s: Shape): string => `${s.width}x${s.height}x${s.depth}`;

function checkUnpool(a: UnpoolArgs, input: Shape, inputs: readonly Shape[]): string | null {
  const poolInput = inputs[1];
  if (!poolInput) return 'it needs the labelled max pool as @name';
  const pooled = pooledShape(a, poolInput);
  if (pooled.width === input.width && pooled.height === input.height && pooled.depth === input.depth) return null;
  return `its input is ${shapeText(input)}, but the pool it unpools gives ${shapeText(pooled)} (from ${shapeText(poolInput)}): unpool a tensor of the pool's output shape`;
}

/** The executor recomputes the argmax per window from the pool's input, into its workspace (one
 *  image: the pooled values and their positions), and keeps the int32 positions for backward.
 *  Under PyTorch the indices are the pool's own int64 tensor, kept from the pool on. */
function unpoolKeeps(_a: UnpoolArgs, input: Shape, _out: Shape, saving: Saving): OwnSaved[] {
  const indices: OwnSaved = { what: 'indices', elements: elements(input), element: 'index' };
  return [saving === 'pytorch' ? { ...indices, ofPool: true } : indices];
}

/** The larger side's window, as a window's field step takes it. */
const largerSide = (w: Windows): Window => (w.width.f >= w.height.f ? w.width : w.height);

export const unpool: LayerDef<'unpool'> = {
  kind: 'unpool',
  category: 'upsample',
  keywords: ['UNPOOL'],
  args: [{ key: 'of', type: 'tensor', about: 'the max pool it inverts, labelled: @name' }],
  positional: ['of'],
  required: ['of'],
  resolve: resolveUnpool,
  check: checkUnpool,
  outputShape: (_a, input, inputs) => inputs[1] ?? input,
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  elementOps: () => 0,
  notesName: () => 'UNPOOL',
  weightsFormula: () => '0',
  // the pooled values (discarded) and their int32 positions for one image (exec/kernels/unpool.ts)
  workspace: (_a, input) => 2 * elements(input),
  argsJson: sidesJson,
  // Output o takes the pooled positions whose window covers it: at most ceil(f/s) per side, as a
  // transposed convolution's. Its second input (the pool's input) only places the values: its field
  // is the unpooled tensor's, without the merge's stride conflict.
  receptiveField: (a, previous) => {
    const w = largerSide(unpoolWindows(a));
    return resampled({ size: previous.size, stride: previous.stride }, Math.ceil(w.f / w.s), ratio(1, w.s));
  },
  // Sign-keeping (values and zeros), but no fixed linear map: where the values go depends on the
  // data, so two affine layers around it do not collapse into one.
  traits: fixedTraits({ keepsSign: true }),
  training: {
    trainable: false,
    inPlace: false,
    readsPoolIndices: true,
    reads: () => ({ input: false, output: false }),
    keeps: unpoolKeeps,
    scratch: (_a, _input, _out, { saving }) => ({ elements: 0, columns: saving === 'executor' }),
  },
  parameters: () => [],
  pytorch: {
    rank: 'nchw',
    module: ({ args: a, output }) =>
      `Unpool(${pair(a.fh, a.fw)}, ${pair(a.sh, a.sw)}, ${pair(a.ph, a.pw)}, (${py(output.height)}, ${py(output.width)}))`,
  },
  docs: {
    name: 'UNPOOL (v3)',
    writtenAs: '`UNPOOL(@name)`, `name` labelling a max POOL: `p1: POOL2 => ... => UNPOOL(@p1)`',
    arguments: '@name: the output of a max POOL (global too; not an adaptive one, whose windows MaxUnpool2d cannot invert)',
    defaults: "the pool's window, stride, padding and rounding",
    output: "the pool's input shape; its input must have the pool's output shape",
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: '0 (it moves values: each to the position of its window\'s maximum, zeros elsewhere)',
    keeps: "the positions of the pool's maxima (PyTorch: the pool's int64 indices, kept from the pool on)",
  },
};
