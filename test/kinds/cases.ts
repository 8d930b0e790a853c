// For every layer kind: small networks that contain it, covering its argument variants, and a naive
// reference of its forward pass (case.ts). `satisfies` makes a kind without a case a compile error;
// kernels.test.ts runs every network through the executor against the reference and checks its
// gradients, and meta.test.ts names what a kind still lacks. Every network puts a trainable layer
// before the kind (CONV(f=1) keeps the shape), so that the training step differentiates it.

import type { LayerKind } from '../../src/layers/types.js';
import type { KindCase } from './case.js';
import { filters, out, poolCeil, windowArgs, type Op, type State } from './generate.js';
import { naiveConvLayer, naiveFc, naiveLocal } from './naive-affine.js';
import { naiveBn, naiveConcat, naiveLrn, naiveMul, naiveSlice, naiveSoftmax } from './naive-channels.js';
import { naiveAdd, naiveDropout, naiveInput, naiveRelu, naiveSigmoid, naiveTanh } from './naive-elements.js';
import { naiveLn, naiveScale, naiveShuffle } from './naive-ln-scale-shuffle.js';
import { naiveGelu, naiveHsigmoid, naiveHswish, naiveRelu6, naiveSilu } from './naive-activations.js';
import { naivePool } from './naive-pool.js';
import { naiveConvT, naiveUpsample } from './naive-resample.js';
import { naiveUnpool } from './naive-unpool.js';

const fixed = (text: string) => (): string => text;

function randomConv(st: State, o: Op): string | null {
  const wa = windowArgs(st, o, 3);
  if (!wa) return null;
  const g = st.d % 2 === 0 && o.a % 3 === 0 ? 2 : 1;
  const dil = o.b % 4 === 3 ? 2 : 1;
  if (out(st.w, wa.f, wa.s, wa.p, dil) < 1 || out(st.h, wa.f, wa.s, wa.p, dil) < 1) return null;
  const k = g * filters(o);
  Object.assign(st, { w: out(st.w, wa.f, wa.s, wa.p, dil), h: out(st.h, wa.f, wa.s, wa.p, dil), d: k });
  return `CONV(f=${wa.f}, k=${k}, s=${wa.s}, p=${wa.p}, g=${g}, d=${dil}${o.a % 5 === 0 ? ', bias=no' : ''})`;
}

/** Inception v3's factorised 1xn or nx1 convolution, "same" padding by default (torch's (0, n/2)). */
function randomFactorised(st: State, o: Op): string {
  const n = 1 + 2 * (o.a % 2);
  const k = filters(o);
  st.d = k;
  return o.b % 2 === 0 ? `CONV(fh=1, fw=${n}, k=${k})` : `CONV(fh=${n}, fw=1, k=${k})`;
}

/** Adaptive pooling to 1 to 3 outputs per side (any input: torch's windows overlap where they do not divide). */
function randomAdaptive(st: State, o: Op): string {
  const outh = 1 + (o.a % 3);
  const outw = 1 + (o.b % 3);
  Object.assign(st, { w: outw, h: outh });
  return `POOL(mode=${o.c % 2 === 0 ? 'avg' : 'max'}, outh=${outh}, outw=${outw})`;
}

function randomLocal(st: State, o: Op): string | null {
  const wa = windowArgs(st, o, 3);
  if (!wa) return null;
  Object.assign(st, { w: out(st.w, wa.f, wa.s, wa.p), h: out(st.h, wa.f, wa.s, wa.p), d: filters(o) });
  return `LOCAL(f=${wa.f}, k=${st.d}, s=${wa.s}, p=${wa.p})`;
}

function randomPool(st: State, o: Op): string | null {
  const wa = windowArgs(st, o, 3);
  if (!wa) return null;
  const mode = ['max', 'avg', 'l2'][o.c % 3]!;
  if (o.a % 4 === 1) return poolCeil(st, wa, mode);
  Object.assign(st, { w: out(st.w, wa.f, wa.s, wa.p), h: out(st.h, wa.f, wa.s, wa.p) });
  return `POOL(f=${wa.f}, s=${wa.s}, p=${wa.p}, mode=${mode})`;
}

function randomGap(st: State): string {
  st.w = st.h = 1;
  return 'GAP';
}

function randomFc(st: State, o: Op): string {
  Object.assign(st, { w: 1, h: 1, d: filters(o) });
  return `FC-${st.d}`;
}

/** A RELU whose input has another reader: a residual skip, or a concatenation's ID branch (never in place). */
function randomFanOutRelu(st: State, o: Op): string {
  if (o.a % 2 === 0) return '{ RELU + ID }';
  st.d *= 2;
  return '{ ID | RELU }';
}

/** A concatenation of branches that keep W x H. */
function randomConcat(st: State, o: Op): string {
  const a = 1 + (o.a % 3);
  const b = 1 + (o.b % 3);
  st.d = a + b + st.d;
  return `{ CONV(f=1, k=${a}) | CONV(f=3, k=${b}) => RELU | POOL(f=3, s=1, p=1) }`;
}

/** A shuffle of the channels by one of the groups that divide the depth (above 1), or null. */
function randomShuffle(st: State, o: Op): string | null {
  const groups = Array.from({ length: st.d - 1 }, (_, i) => i + 2).filter((g) => st.d % g === 0);
  return groups.length > 0 ? `SHUFFLE(g=${groups[o.a % groups.length]})` : null;
}

function randomUpsample(st: State, o: Op): string | null {
  if (st.w * st.h > 64) return null;
  const mode = o.a % 2 === 0 ? 'nearest' : 'bilinear';
  if (o.b % 3 === 2) {
    Object.assign(st, { w: st.w + 1 + (o.c % 3), h: st.h + 1 });
    return `UPSAMPLE(tow=${st.w}, toh=${st.h}, mode=${mode})`;
  }
  const s = 1 + (o.c % 2);
  Object.assign(st, { w: st.w * s, h: st.h * s });
  return `UPSAMPLE(s=${s}, mode=${mode})`;
}

function randomConvT(st: State, o: Op): string | null {
  if (st.w * st.h > 64) return null;
  const f = 1 + (o.a % 4);
  const s = 1 + (o.b % 2);
  const p = Math.min(o.c % 2, f - 1);
  const op = s > 1 ? o.a % 2 : 0;
  const g = st.d % 2 === 0 && o.b % 3 === 0 ? 2 : 1;
  const side = (n: number): number => (n - 1) * s - 2 * p + f + op;
  if (side(st.w) < 1 || side(st.h) < 1) return null;
  const k = g * filters(o);
  Object.assign(st, { w: side(st.w), h: side(st.h), d: k });
  return `CONVT(f=${f}, k=${k}, s=${s}, p=${p}, op=${op}, g=${g}${o.c % 5 === 0 ? ', bias=no' : ''})`;
}

/** A max pool, a CONV(f=1) and the unpooling of the pool, which gives back the pool's input shape.
 *  Windows that do not overlap (f <= s): where they do, two windows can share a maximum, and the
 *  gradient of the one overwritten is PyTorch's gather, not the loss' derivative (lint says so). */
function randomUnpool(st: State, o: Op): string | null {
  const f = 1 + (o.a % 3);
  const s = f + (o.b % 2);
  const p = o.c % (Math.floor(f / 2) + 1);
  if (out(st.w, f, s, p) < 1 || out(st.h, f, s, p) < 1) return null;
  const ceil = o.op % 3 === 0 ? ', round=ceil' : '';
  return `u: POOL(f=${f}, s=${s}, p=${p}${ceil}) => CONV(f=1) => UNPOOL(@u)`;
}

const after = (input: string, ...layers: string[]): string[] => layers.map((l) => `INPUT [${input}] => CONV(f=1) => ${l}`);

export const CASES = {
  input: {
    networks: ['INPUT [4x3x2] => CONV(f=1)', 'INPUT 5x5x1 => CONV(f=1)', 'INPUT(w=3, h=4, d=2) => CONV(f=1)'],
    naive: naiveInput,

    random: [],
  },
  conv: {
    networks: [
      ...after('7x6x2', 'CONV(f=3, k=3)', 'CONV5-4(s=3)'),
      ...after('9x9x4', 'CONV(f=3, k=6, s=2, p=0, g=2)', 'CONV(f=1, k=8, g=4)'),
      ...after('8x7x2', 'CONV(f=3, k=3, p=2, d=2, bias=no)', 'CONV(f=2, k=2, s=2, p=1)'),
      // v3: Inception's 1x7 and 7x1 (default padding (0, 3) and (3, 0)), and sides with their own strides and paddings
      ...after('9x8x4', 'CONV(fh=1, fw=7, k=3)', 'CONV(fh=7, fw=1, k=2, bias=no)', 'CONV(fh=3, fw=2, k=4, sh=2, sw=1, ph=0, pw=1, g=2)'),
      ...after('7x9x2', 'CONV(fh=2, fw=3, k=3, d=2)', 'CONV(f=3, sh=1, sw=2, ph=2, k=2)'),
    ],
    naive: naiveConvLayer,

    random: [randomConv, randomFactorised],
  },
  local: {
    networks: [
      ...after('6x5x2', 'LOCAL(f=3, k=3, p=1)', 'LOCAL(f=3, k=2, s=2, p=0, bias=no)', 'LOCAL(f=2, k=2, p=1, d=2)', 'LOCAL3-2'),
      ...after('7x6x2', 'LOCAL(fh=1, fw=3, k=2)', 'LOCAL(fh=3, fw=2, k=3, sh=2, sw=1, pw=1, bias=no)'),
    ],
    naive: naiveLocal,

    random: [randomLocal],
  },
  pool: {
    networks: [
      ...after('7x7x2', 'POOL2', 'POOL(f=3, s=2, p=1)', 'POOL(f=3, s=2, p=1, mode=avg)', 'POOL(f=3, s=2, p=1, round=ceil)'),
      ...after('7x6x2', 'POOL(f=2, mode=l2)', 'POOL(f=3, s=1, p=1, mode=l2)'),
      ...after('8x8x2', 'POOL(f=3, s=2, mode=avg, round=ceil)', 'POOL(f=3, s=2, mode=max, round=ceil)'),
      ...after('5x5x1', 'POOL(f=2, s=2, mode=l2, round=ceil)'),
      ...after('5x4x3', 'POOL(mode=max, global)', 'GAP', 'POOL(mode=l2, global)'),
      // v3: per-side windows, and adaptive pooling whose windows overlap (7 -> 3: [0,3), [2,5), [4,7))
      ...after('7x6x2', 'POOL(fh=3, fw=1, sh=2, sw=1)', 'POOL(fh=2, fw=3, s=2, pw=1, mode=avg, round=ceil)', 'POOL(fh=1, fw=2, mode=l2)'),
      ...after('7x5x2', 'POOL(mode=avg, out=3)', 'POOL(mode=max, out=3)', 'POOL(mode=avg, outh=2, outw=7)', 'POOL(mode=max, out=1)'),
      ...after('3x2x2', 'POOL(mode=avg, out=4)', 'POOL(mode=max, outh=5, outw=2)'),
    ],
    naive: naivePool,

    random: [randomPool, randomGap, randomAdaptive],
  },
  fc: {
    networks: after('3x3x2', 'FC-5', 'FC(7)', 'FC-3 => FC-2'),
    naive: naiveFc,

    random: [randomFc],
  },
  relu: {
    // in place after CONV; not in place on a fan-out (the skip still reads its input) nor after TANH
    networks: after('5x5x2', 'RELU', '{ RELU + ID }', 'TANH => RELU'),
    naive: naiveRelu,

    random: [fixed('RELU'), fixed('RELU'), randomFanOutRelu],
  },
  tanh: {
    networks: after('5x5x2', 'TANH', 'FC-4 => TANH'),
    naive: naiveTanh,

    random: [fixed('TANH')],
  },
  sigmoid: {
    networks: after('5x5x2', 'SIGMOID', 'FC-4 => SIGMOID'),
    naive: naiveSigmoid,

    random: [fixed('SIGMOID')],
  },
  relu6: {
    // a fan-out; a RELU after it (not in place: RELU6's backward reads its output); after an FC
    networks: after('5x5x2', 'RELU6', '{ RELU6 + ID }', 'RELU6 => RELU', 'RELU => RELU6', 'FC-4 => RELU6'),
    naive: naiveRelu6,

    random: [fixed('RELU6')],
  },
  silu: {
    networks: after('5x5x2', 'SILU', 'SWISH => CONV(f=1)', 'FC-4 => SILU'),
    naive: naiveSilu,

    random: [fixed('SILU')],
  },
  hswish: {
    networks: after('5x5x2', 'HSWISH', 'HARDSWISH => CONV(f=1)', '{ HSWISH | ID }'),
    naive: naiveHswish,

    random: [fixed('HSWISH')],
  },
  hsigmoid: {
    // as a squeeze-and-excitation gate: over pooled channels
    networks: after('5x5x2', 'HSIGMOID', 'HARDSIGMOID => CONV(f=1)', 'GAP => CONV(f=1, k=3) => HSIGMOID'),
    naive: naiveHsigmoid,

    random: [fixed('HSIGMOID')],
  },
  gelu: {
    networks: after('5x5x2', 'GELU', 'GELU => CONV(f=1)', 'FC-4 => GELU'),
    naive: naiveGelu,

    random: [fixed('GELU')],
  },
  softmax: {
    // over depth at every position, and over an FC's scores
    networks: after('4x4x3', 'SOFTMAX', 'FC-5 => SOFTMAX'),
    naive: naiveSoftmax,

    random: [fixed('SOFTMAX')],
  },
  dropout: {
    networks: after('4x4x3', 'DROPOUT', 'DROPOUT(0.25)', 'DROPOUT(p=0.8)', 'FC-6 => DROPOUT(0)'),
    naive: naiveDropout,

    random: [(_st, o) => `DROPOUT(${(o.b % 9) / 10})`],
  },
  lrn: {
    networks: after('3x3x7', 'NORM', 'LRN(size=5)', 'LRN(size=4, alpha=0.1, beta=0.75, k=2)', 'LRN(size=3, alpha=0.5, beta=1, k=1)'),
    naive: naiveLrn,

    random: [(_st, o) => `LRN(size=${1 + (o.a % 5)})`],
  },
  bn: {
    networks: after('4x4x3', 'BN', 'CONV(f=3, k=4, bias=no) => BATCHNORM', 'FC-5 => BN', 'BN(eps=0.5)'),
    naive: naiveBn,

    random: [fixed('BN')],
  },
  concat: {
    networks: after('5x5x2', '{ CONV(f=1, k=2) | CONV(f=3, k=3) => RELU | POOL(f=3, s=1, p=1) }', '{ ID | TANH }'),
    naive: naiveConcat,

    random: [randomConcat],
  },
  add: {
    networks: after('5x5x2', '{ CONV(k=2) + ID }', '{ ID + TANH + CONV(f=1) }'),
    naive: naiveAdd,

    random: [(st) => `{ CONV(k=${st.d}) => RELU + ID }`],
  },
  mul: {
    // a gate as squeeze-and-excitation makes it (1 x 1 x D over W x H), and two full-size factors
    networks: after('5x5x2', '{ ID & GAP => CONV(f=1, k=2) => SIGMOID }', '{ TANH & CONV(f=1) & ID }'),
    naive: naiveMul,

    random: [(st) => `{ ID & GAP => CONV(f=1, k=${st.d}) => SIGMOID }`, () => '{ ID & TANH }'],
  },
  slice: {
    networks: after('5x5x4', '{ ID / CONV(f=3, k=3) }', '{ TANH / ID / CONV(f=1, k=1) => RELU / ID }'),
    naive: naiveSlice,

    random: [(st) => (st.d % 2 === 0 ? `{ ID / CONV(f=1, k=${st.d / 2}) => RELU }` : null)],
  },
  ln: {
    // over 5 channels at each position, after an FC (1 x 1 x 4), and a ConvNeXt downsampling step
    networks: [...after('3x2x5', 'LN', 'LN(eps=0.1)', 'LAYERNORM(eps=1e-6)', 'FC-4 => LN'), ...after('4x4x3', 'LN => CONV(f=2, k=6, s=2)')],
    naive: naiveLn,

    random: [fixed('LN'), (_st, o) => `LN(eps=${(1 + (o.b % 9)) / 100})`],
  },
  scale: {
    // the case's harness draws the multipliers (SCALE's init is checked in test/layers/scale.test.ts)
    networks: after('4x3x3', 'SCALE', 'SCALE(init=0.5)', 'FC-4 => SCALE', '{ CONV(f=1) => SCALE + ID }'),
    naive: naiveScale,

    random: [(_st, o) => `SCALE(init=${(1 + (o.a % 9)) / 10})`],
  },
  shuffle: {
    networks: [...after('3x2x6', 'SHUFFLE', 'SHUFFLE(g=3)', 'SHUFFLE(g=6)', 'SHUFFLE(g=1)'), ...after('2x2x2', 'CONV(f=1, k=8) => SHUFFLE(g=4)')],
    naive: naiveShuffle,

    random: [randomShuffle],
  },
  upsample: {
    networks: [
      ...after('3x2x2', 'UPSAMPLE', 'UPSAMPLE(s=3, mode=bilinear)', 'UPSAMPLE(mode=bilinear)', 'UPSAMPLE(s=1, mode=bilinear)'),
      // LR-ASPP's odd resize (33 -> 65) in small: 5 -> 9, and a non-square one that shrinks a side
      ...after('5x5x1', 'UPSAMPLE(to=9, mode=bilinear)', 'UPSAMPLE(to=9)', 'UPSAMPLE(tow=7, toh=3, mode=bilinear)', 'UPSAMPLE(tow=7, toh=3)'),
    ],
    naive: naiveUpsample,

    random: [randomUpsample],
  },
  convt: {
    networks: [
      ...after('3x3x2', 'CONVT(f=2, k=3, s=2)', 'CONVT(f=3, k=2, s=2, p=1, op=1)', 'CONVT(f=4, k=2, s=2, p=1, bias=no)'),
      ...after('4x3x4', 'CONVT(f=3, k=6, g=2)', 'CONVT(f=3, s=3, p=1, op=2, g=4)', 'CONVT2-2', 'CONVT(f=1, k=2, s=2)'),
    ],
    naive: naiveConvT,

    random: [randomConvT],
  },
  unpool: {
    networks: [
      ...after('4x4x2', 'p: POOL2 => CONV(f=1) => UNPOOL(@p)', 'p: POOL(f=2, s=3) => UNPOOL(@p)', 'p: POOL(fh=1, fw=2) => RELU => UNPOOL(@p)'),
      // padding, ceil rounding and a global pool, over odd sides
      ...after('5x3x2', 'p: POOL(f=2, p=1) => UNPOOL(@p)', 'p: POOL(f=2, round=ceil) => UNPOOL(@p)', 'p: POOL(global, mode=max) => UNPOOL(@p)'),
      // SegNet's pattern: two pools, unpooled in reverse order
      ...after('4x4x1', 'p1: POOL2 => CONV(f=1, k=2) => p2: POOL2 => CONV(f=1) => UNPOOL(@p2) => CONV(f=1, k=1) => UNPOOL(@p1)'),
    ],
    naive: naiveUnpool,

    random: [randomUnpool],
  },
} satisfies { [K in LayerKind]: KindCase<K> };
