// The normalisations as ONNX operators, as the executor computes them: BN at inference
// (BatchNormalization over the running statistics), LN over the channels at each position
// (LayerNormalization, opset 17, over the last axis of the N,H,W,C transpose, as torchvision's
// LayerNorm2d), SCALE (a Mul by its [D, 1, 1] weight) and LRN. ONNX's LRN window is
// c - floor((size-1)/2) .. c + ceil((size-1)/2), PyTorch's (and the executor's) c - floor(size/2) ..
// c + floor((size-1)/2): the same for an odd size only. An even size is written out: the sum of
// squares over each channel's window is a 1x1 Conv by a fixed band matrix, scaled by alpha/size.

import type { LrnArgs } from '../../layers/types.js';
import { float } from './graph.js';
import type { KindOps, LayerGraph } from './layer-graph.js';

export const bn: KindOps<'bn'> = (a, l) =>
  l.op('BatchNormalization', [l.inputs[0]!, l.param('weight'), l.param('bias'), l.param('running_mean'), l.param('running_var')], { epsilon: float(a.eps) });

export const ln: KindOps<'ln'> = (a, l) => {
  l.requireOpset(17, 'LayerNormalization');
  const nhwc = l.op('Transpose', [l.inputs[0]!], { perm: [0, 2, 3, 1] });
  const y = l.op('LayerNormalization', [nhwc, l.param('weight'), l.param('bias')], { axis: -1, epsilon: float(a.eps) });
  return l.op('Transpose', [y], { perm: [0, 3, 1, 2] });
};

export const scale: KindOps<'scale'> = (_a, l) => l.op('Mul', [l.inputs[0]!, l.param('weight')]);

/** The [C, C, 1, 1] filters summing, for output channel c, the inputs c - floor(size/2) .. c + floor((size-1)/2), times alpha/size. */
function lrnBand(a: LrnArgs, C: number): Float32Array {
  const band = new Float32Array(C * C);
  for (let c = 0; c < C; c++) {
    for (let j = Math.max(0, c - Math.floor(a.size / 2)); j <= Math.min(C - 1, c + Math.floor((a.size - 1) / 2)); j++) band[c * C + j] = a.alpha / a.size;
  }
  return band;
}

function evenLrn(a: LrnArgs, l: LayerGraph): string {
  const x = l.inputs[0]!;
  const C = l.layer.input.depth;
  const sums = l.op('Conv', [l.op('Mul', [x, x]), l.floats([C, C, 1, 1], lrnBand(a, C)), l.floats([C], new Array<number>(C).fill(a.k))]);
  return l.op('Div', [x, l.op('Pow', [sums, l.floats([], [a.beta])])]);
}

export const lrn: KindOps<'lrn'> = (a, l) =>
  a.size % 2 === 1
    ? l.op('LRN', [l.inputs[0]!], { size: a.size, alpha: float(a.alpha), beta: float(a.beta), bias: float(a.k) })
    : evenLrn(a, l);
