// Naive references of the learned affine maps: CONV (torch.nn.functional.conv2d, test/exec/naive.ts),
// LOCAL (a CONV whose every output position has its own filters, cs231n 3.1.2) and FC (W x + b over
// the image flattened in C,H,W order, torch.nn.Linear after torch.flatten).

import { naiveConv, naiveOut } from '../exec/naive.js';
import { at, tensorOf, type Naive } from './case.js';

/** weight [k, C/g, fh, fw] (torch's Conv2d), per-side windows. */
export const naiveConvLayer: Naive<'conv'> = ({ args: a, batch, inputs: [x], params }) => {
  const sides = { f: a.fh, s: a.sh, p: a.ph, fh: a.fh, fw: a.fw, sh: a.sh, sw: a.sw, ph: a.ph, pw: a.pw };
  const y = naiveConv({ B: batch, C: x!.c, H: x!.h, W: x!.w, k: a.k, d: a.d, g: a.g, ...sides }, x!.data, params.weight!, params.bias ?? null);
  return { c: a.k, h: naiveOut(x!.h, a.fh, a.sh, a.ph, a.d), w: naiveOut(x!.w, a.fw, a.sw, a.pw, a.d), data: y };
};

/** weight [outH*outW, k, C*fh*fw] (each filter in (c, ky, kx) order), bias [k, outH, outW]. */
export const naiveLocal: Naive<'local'> = ({ args: a, batch, inputs: [x], params }) => {
  const { c: C, h: H, w: W } = x!;
  const outH = naiveOut(H, a.fh, a.sh, a.ph, a.d);
  const outW = naiveOut(W, a.fw, a.sw, a.pw, a.d);
  const weight = params.weight!;
  const bias = params.bias;
  return tensorOf(batch, a.k, outH, outW, (b, o, oy, ox) => {
    const position = oy * outW + ox;
    let s = bias ? bias[(o * outH + oy) * outW + ox]! : 0;
    for (let c = 0; c < C; c++)
      for (let ky = 0; ky < a.fh; ky++)
        for (let kx = 0; kx < a.fw; kx++) {
          const iy = oy * a.sh - a.ph + ky * a.d;
          const ix = ox * a.sw - a.pw + kx * a.d;
          if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue; // zero padding
          s += weight[((position * a.k + o) * C + c) * a.fh * a.fw + ky * a.fw + kx]! * at(x!, b, c, iy, ix);
        }
    return s;
  });
};

/** weight [n, C*H*W], bias [n]; the output is 1 x 1 x n. */
export const naiveFc: Naive<'fc'> = ({ args: a, batch, inputs: [x], params }) => {
  const inputs = x!.c * x!.h * x!.w;
  return tensorOf(batch, a.n, 1, 1, (b, o) => {
    let s = params.bias![o]!;
    for (let i = 0; i < inputs; i++) s += params.weight![o * inputs + i]! * x!.data[b * inputs + i]!;
    return s;
  });
};
