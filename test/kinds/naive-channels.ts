// Naive references of the kinds that work across channels: SOFTMAX (torch.softmax over dim 1),
// LRN (torch.nn.LocalResponseNorm), BN (torch.nn.BatchNorm2d) and the concatenation of branches
// (torch.cat along dim 1).

import { at, tensorOf, type Naive } from './case.js';

export const naiveSoftmax: Naive<'softmax'> = ({ batch, inputs: [x] }) =>
  tensorOf(batch, x!.c, x!.h, x!.w, (b, c, y, xx) => {
    let sum = 0;
    for (let j = 0; j < x!.c; j++) sum += Math.exp(at(x!, b, j, y, xx));
    return Math.exp(at(x!, b, c, y, xx)) / sum;
  });

/** b_c = a_c / (k + alpha/size * sum of a_j^2)^beta over channels j from c - floor(size/2) to
 *  c + floor((size-1)/2), those that exist: PyTorch pads the squares by size//2 channels before and
 *  (size-1)//2 after, then averages size of them. */
export const naiveLrn: Naive<'lrn'> = ({ args: a, batch, inputs: [x] }) =>
  tensorOf(batch, x!.c, x!.h, x!.w, (b, c, y, xx) => {
    let squares = 0;
    for (let j = c - Math.floor(a.size / 2); j <= c + Math.floor((a.size - 1) / 2); j++) {
      if (j >= 0 && j < x!.c) squares += at(x!, b, j, y, xx) ** 2;
    }
    return at(x!, b, c, y, xx) / (a.k + (a.alpha / a.size) * squares) ** a.beta;
  });

/** gamma (x - mean) / sqrt(var + eps) + beta per channel: in training the batch's mean and biased
 *  variance over (N, H, W), at inference the running ones. */
export const naiveBn: Naive<'bn'> = ({ args, batch, train, inputs: [x], params }) => {
  const { c: C, h: H, w: W } = x!;
  const count = batch * H * W;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    if (!train) {
      mean[c] = params.running_mean![c]!;
      variance[c] = params.running_var![c]!;
      continue;
    }
    let s = 0;
    for (let b = 0; b < batch; b++) for (let y = 0; y < H; y++) for (let xx = 0; xx < W; xx++) s += at(x!, b, c, y, xx);
    mean[c] = s / count;
    let s2 = 0;
    for (let b = 0; b < batch; b++) for (let y = 0; y < H; y++) for (let xx = 0; xx < W; xx++) s2 += (at(x!, b, c, y, xx) - mean[c]!) ** 2;
    variance[c] = s2 / count;
  }
  return tensorOf(batch, C, H, W, (b, c, y, xx) =>
    (params.weight![c]! * (at(x!, b, c, y, xx) - mean[c]!)) / Math.sqrt(variance[c]! + args.eps) + params.bias![c]!);
};

/** The branches' channels one after another, in branch order. */
export const naiveConcat: Naive<'concat'> = ({ batch, inputs }) => {
  const first = inputs[0]!;
  const depth = inputs.reduce((d, t) => d + t.c, 0);
  return tensorOf(batch, depth, first.h, first.w, (b, c, y, x) => {
    let i = 0;
    let channel = c;
    while (channel >= inputs[i]!.c) channel -= inputs[i++]!.c;
    return at(inputs[i]!, b, channel, y, x);
  });
};

/** { A & B }: the product of the branches at each element; a 1 x 1 branch scales every position. */
export const naiveMul: Naive<'mul'> = ({ batch, inputs }) => {
  const full = inputs.reduce((a, t) => (t.h * t.w > a.h * a.w ? t : a));
  return tensorOf(batch, full.c, full.h, full.w, (b, c, y, x) => inputs.reduce((v, t) => v * (t.h === 1 && t.w === 1 ? at(t, b, c, 0, 0) : at(t, b, c, y, x)), 1));
};

/** One branch's input in { A / B }: channels [(part-1)*C/parts, part*C/parts) of the brace's input. */
export const naiveSlice: Naive<'slice'> = ({ args, batch, inputs }) => {
  const x = inputs[0]!;
  const c = x.c / args.parts;
  return tensorOf(batch, c, x.h, x.w, (b, k, y, col) => at(x, b, (args.part - 1) * c + k, y, col));
};
