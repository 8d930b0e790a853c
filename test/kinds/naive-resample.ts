// Naive references of the kinds that raise the resolution, from PyTorch's documented formulas:
//   UPSAMPLE  F.interpolate(align_corners=False): with scale r = in/out (1/s for a scale s), output o
//             reads, nearest, input floor(o*r); bilinear, the source x = max(0, (o + 0.5)*r - 0.5),
//             as (1 - t)*in[floor x] + t*in[min(floor x + 1, in - 1)], t = x - floor x, per side;
//   CONVT     ConvTranspose2d as its definition: every input (c, iy, ix) adds
//             x * weight[c, o, ky, kx] to output (g*k/g + o, iy*s - p + ky, ix*s - p + kx) where that
//             lies in the output, of side (in-1)*s - 2p + f + op; then the bias.

import { at, tensorOf, type Naive } from './case.js';

function source(o: number, n: number, m: number, bilinear: boolean): { lo: number; hi: number; t: number } {
  if (!bilinear) {
    const i = Math.min(Math.floor((o * n) / m), n - 1);
    return { lo: i, hi: i, t: 0 };
  }
  const x = Math.max(0, ((o + 0.5) * n) / m - 0.5);
  const lo = Math.floor(x);
  return { lo, hi: Math.min(lo + 1, n - 1), t: x - lo };
}

export const naiveUpsample: Naive<'upsample'> = ({ args: a, batch, inputs: [x] }) => {
  const outH = a.scale === undefined ? a.height! : x!.h * a.scale;
  const outW = a.scale === undefined ? a.width! : x!.w * a.scale;
  const bilinear = a.mode === 'bilinear';
  return tensorOf(batch, x!.c, outH, outW, (b, c, oy, ox) => {
    const sy = source(oy, x!.h, outH, bilinear);
    const sx = source(ox, x!.w, outW, bilinear);
    if (!bilinear) return at(x!, b, c, sy.lo, sx.lo);
    const row = (iy: number): number => (1 - sx.t) * at(x!, b, c, iy, sx.lo) + sx.t * at(x!, b, c, iy, sx.hi);
    return (1 - sy.t) * row(sy.lo) + sy.t * row(sy.hi);
  });
};

export const naiveConvT: Naive<'convt'> = ({ args: a, batch, inputs: [x], params }) => {
  const { c: D, h: H, w: W } = x!;
  const outH = (H - 1) * a.s - 2 * a.p + a.f + a.op;
  const outW = (W - 1) * a.s - 2 * a.p + a.f + a.op;
  const perGroupIn = D / a.g;
  const perGroupOut = a.k / a.g;
  const y = new Float64Array(batch * a.k * outH * outW);
  const weight = params.weight!;
  for (let b = 0; b < batch; b++)
    for (let c = 0; c < D; c++) {
      const group = Math.floor(c / perGroupIn);
      for (let iy = 0; iy < H; iy++)
        for (let ix = 0; ix < W; ix++)
          for (let o = 0; o < perGroupOut; o++)
            for (let ky = 0; ky < a.f; ky++)
              for (let kx = 0; kx < a.f; kx++) {
                const oy = iy * a.s - a.p + ky;
                const ox = ix * a.s - a.p + kx;
                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                const channel = group * perGroupOut + o;
                y[((b * a.k + channel) * outH + oy) * outW + ox]! += at(x!, b, c, iy, ix) * weight[((c * perGroupOut + o) * a.f + ky) * a.f + kx]!;
              }
    }
  const bias = params.bias;
  if (bias) for (let i = 0; i < y.length; i++) y[i]! += bias[Math.floor(i / (outH * outW)) % a.k]!;
  return { c: a.k, h: outH, w: outW, data: y };
};
