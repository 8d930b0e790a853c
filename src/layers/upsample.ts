// UPSAMPLE: nearest-neighbour or bilinear resizing, as torch.nn.Upsample (align_corners=False).
// UPSAMPLE(s=2) scales each side by s; UPSAMPLE(to=65) resizes to 65 x 65 (tow=/toh= per side), as
// F.interpolate(size=...): LR-ASPP upsamples 33x33 to 65x65, which no integer scale gives. No
// parameters and no MACs. The jump shrinks by input/output per side (layers/field.ts).

import { mul } from '../util/exact.js';
import { rescaling, resampled } from './field.js';
import { elements, intArg, KEEPS_NOTHING, READS } from './shared.js';
import { pair, py } from './torch.js';
import { fixedTraits } from './traits.js';
import type { GivenArgs, LayerDef, Shape, UpsampleArgs, UpsampleMode } from './types.js';

/** Bilinear: a weighted sum of the four neighbours, 4 multiplies and 3 adds per output element
 *  (the weights, a row's factor times a column's, belong to the position and are not counted);
 *  nearest copies. */
const BILINEAR_OPS = 7;

function resolveUpsample(given: GivenArgs, input: Shape): UpsampleArgs {
  const mode = (typeof given['mode'] === 'string' ? given['mode'] : 'nearest') as UpsampleMode;
  const to = typeof given['to'] === 'number' ? given['to'] : null;
  const sized = to !== null || 'tow' in given || 'toh' in given;
  if (!sized) return { mode, scale: intArg(given, 's', 2) };
  const size = { width: intArg(given, 'tow', to ?? input.width), height: intArg(given, 'toh', to ?? input.height) };
  // both a scale and a size: check refuses it
  return typeof given['s'] === 'number' ? { mode, scale: given['s'], ...size } : { mode, ...size };
}

function upsampledShape(a: UpsampleArgs, input: Shape): Shape {
  if (a.width !== undefined && a.height !== undefined) return { width: a.width, height: a.height, depth: input.depth };
  const s = a.scale ?? 1;
  return { width: mul('output width', input.width, s), height: mul('output height', input.height, s), depth: input.depth };
}

function upsampleModule({ args: a, output }: { args: UpsampleArgs; output: Shape }): string {
  const corners = a.mode === 'bilinear' ? ', align_corners=False' : '';
  const size = a.width !== undefined ? `size=${pair(output.height, output.width)}` : `scale_factor=${py(a.scale!)}`;
  return `nn.Upsample(${size}, mode='${a.mode}'${corners})`;
}

export const upsample: LayerDef<'upsample'> = {
  kind: 'upsample',
  category: 'upsample',
  keywords: ['UPSAMPLE'],
  args: [
    { key: 's', type: 'int', min: 1, about: 'scale factor per side' },
    { key: 'to', type: 'int', min: 1, about: 'output size per side (to x to)' },
    { key: 'tow', type: 'int', min: 1, about: 'output width' },
    { key: 'toh', type: 'int', min: 1, about: 'output height' },
    { key: 'mode', type: 'word', words: ['nearest', 'bilinear'], about: 'nearest or bilinear (align_corners=False)' },
  ],
  resolve: resolveUpsample,
  check: (a) => (a.scale !== undefined && a.width !== undefined ? 'give a scale s= or an output size to= (tow=, toh=), not both' : null),
  outputShape: upsampledShape,
  weights: () => 0,
  biases: () => 0,
  macs: () => 0,
  elementOps: (a, _input, out) => (a.mode === 'bilinear' ? mul('FLOPs', elements(out), BILINEAR_OPS) : 0),
  notesName: () => 'UPSAMPLE',
  weightsFormula: () => '0',
  workspace: () => 0,
  // Nearest: each output copies one input. Bilinear: it reads two neighbours per side (one at weight
  // 0 at some positions), but for a side it leaves as it is. The width's jump, as CONV's larger window.
  receptiveField: (a, previous, _windows, input, output) => {
    const taps = a.mode === 'bilinear' && output.width !== input.width ? 2 : 1;
    return resampled(previous, taps, rescaling(input.width, output.width));
  },
  traits: fixedTraits({ keepsLinear: true, keepsSign: true }),
  training: { trainable: false, inPlace: false, reads: READS.nothing, keeps: KEEPS_NOTHING },
  parameters: () => [],
  pytorch: { rank: 'nchw', module: upsampleModule },
  docs: {
    name: 'UPSAMPLE (v3)',
    writtenAs: '`UPSAMPLE`, `UPSAMPLE(s=, mode=)`, `UPSAMPLE(to=, mode=)`, `UPSAMPLE(tow=, toh=, mode=)`',
    arguments: 's >= 1, or to >= 1 (tow, toh >= 1 per side), not both; mode=nearest\\|bilinear',
    defaults: 's=2, mode=nearest; to: tow = toh = to, a side not given keeps its size',
    output: 's*W x s*H x D, or tow x toh x D',
    weights: '0',
    biases: '0',
    macs: '0',
    elementOps: 'nearest: 0 (copies); bilinear: 7 (the four neighbours times their weights, summed: 4 multiplies, 3 adds)',
    keeps: 'nothing (the sizes only)',
  },
};
