// For every layer kind: small networks that contain it, covering its argument variants, and a naive
// reference of its forward pass (case.ts). `satisfies` makes a kind without a case a compile error;
// kernels.test.ts runs every network through the executor against the reference and checks its
// gradients, and meta.test.ts names what a kind still lacks. Every network puts a trainable layer
// before the kind (CONV(f=1) keeps the shape), so that the training step differentiates it.

import type { LayerKind } from '../../src/layers/types.js';
import type { KindCase } from './case.js';
import { filters, out, poolCeil, windowArgs, type Op, type State } from './generate.js';
import { naiveConvLayer, naiveFc, naiveLocal } from './naive-affine.js';
import { naiveBn, naiveConcat, naiveLrn, naiveSoftmax } from './naive-channels.js';
import { naiveAdd, naiveDropout, naiveInput, naiveRelu, naiveSigmoid, naiveTanh } from './naive-elements.js';
import { naivePool } from './naive-pool.js';

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
    networks: after('4x4x3', 'BN', 'CONV(f=3, k=4, bias=no) => BATCHNORM', 'FC-5 => BN'),
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
} satisfies { [K in LayerKind]: KindCase<K> };
