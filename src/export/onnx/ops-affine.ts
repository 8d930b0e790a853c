// The affine kinds as ONNX operators: CONV (Conv), CONVT (ConvTranspose), FC (Gemm over the input
// flattened in C,H,W order, as torch.flatten(x, 1)) and LOCAL, which ONNX lacks: its columns are
// F.unfold's (a Conv whose fixed one-hot filters copy each window position, c-major then ky, kx),
// multiplied per output position by that position's own filters (MatMul over [L, N, C*fh*fw]).

import type { ConvArgs, ConvTArgs, FcArgs } from '../../layers/types.js';
import { pads, type KindOps, type LayerGraph } from './layer-graph.js';

const withBias = (l: LayerGraph, inputs: string[]): string[] => {
  const bias = l.param('bias');
  return bias ? [...inputs, bias] : inputs;
};

function windowAttrs(l: LayerGraph): Record<string, number[]> {
  const { height: h, width: w } = l.windows();
  return { kernel_shape: [h.f, w.f], strides: [h.s, w.s], pads: pads(h.p, w.p), dilations: [h.d, w.d] };
}

export const conv: KindOps<'conv'> = (a: ConvArgs, l) =>
  l.op('Conv', withBias(l, [l.inputs[0]!, l.param('weight')]), { ...windowAttrs(l), group: a.g });

export const convt: KindOps<'convt'> = (a: ConvTArgs, l) =>
  l.op('ConvTranspose', withBias(l, [l.inputs[0]!, l.param('weight')]), {
    kernel_shape: [a.f, a.f], strides: [a.s, a.s], pads: pads(a.p, a.p), output_padding: [a.op, a.op], group: a.g,
  });

export const fc: KindOps<'fc'> = (_a: FcArgs, l) => {
  const flat = l.flatInput ? l.inputs[0]! : l.op('Flatten', [l.inputs[0]!], { axis: 1 });
  return l.op('Gemm', withBias(l, [flat, l.param('weight')]), { transB: 1 });
};

/** The one-hot filters [C*fh*fw, C, fh, fw] that copy window position (c, ky, kx) to column c*fh*fw + ky*fw + kx. */
function unfoldFilters(C: number, fh: number, fw: number): Float32Array {
  const taps = C * fh * fw;
  const e = new Float32Array(taps * taps);
  for (let t = 0; t < taps; t++) e[t * taps + t] = 1; // filter t, input element t of its (c, ky, kx) block
  return e;
}

export const local: KindOps<'local'> = (a: ConvArgs, l) => {
  const { depth: C } = l.layer.input;
  const { height: outH, width: outW } = l.layer.output;
  const taps = C * a.fh * a.fw;
  const filters = l.floats([taps, C, a.fh, a.fw], unfoldFilters(C, a.fh, a.fw));
  const columns = l.op('Conv', [l.inputs[0]!, filters], windowAttrs(l)); // [N, taps, outH, outW]
  const rows = l.op('Reshape', [columns, l.ints([0, taps, outH * outW])]);
  const perPosition = l.op('Transpose', [rows], { perm: [2, 0, 1] }); // [L, N, taps]
  const weightT = l.op('Transpose', [l.param('weight')], { perm: [0, 2, 1] }); // [L, taps, k]
  const y = l.op('Transpose', [l.op('MatMul', [perPosition, weightT])], { perm: [1, 2, 0] }); // [N, k, L]
  const image = l.op('Reshape', [y, l.ints([0, a.k, outH, outW])]);
  const bias = l.param('bias');
  return bias ? l.op('Add', [image, bias]) : image;
};
