// Every backward kernel against finite differences of its forward kernel (gradcheck.ts).

import { describe, it } from 'vitest';
import { activationBackward, activationForward, type ActivationKind } from '../../src/exec/kernels/activations.js';
import { bnBackward, bnForward } from '../../src/exec/kernels/bn.js';
import { convBackward, convColumnElements, convForward, type ConvGeometry } from '../../src/exec/kernels/conv.js';
import { dropoutBackward, dropoutForward } from '../../src/exec/kernels/dropout.js';
import { fcBackward, fcForward } from '../../src/exec/kernels/fc.js';
import { outSize, type Win } from '../../src/exec/kernels/im2col.js';
import { localBackward, localForward } from '../../src/exec/kernels/local.js';
import { lrnBackward, lrnForward } from '../../src/exec/kernels/lrn.js';
import { poolBackward, poolForward } from '../../src/exec/kernels/pool.js';
import { softmaxBackward, softmaxForward } from '../../src/exec/kernels/softmax.js';
import { createRandom } from '../../src/exec/random.js';
import { checkGradients, weighted } from './gradcheck.js';
import { randomArray } from './naive.js';

const win = (f: number, s: number, p: number, d = 1, ceil = false): Win => ({ f, s, p, d, ceil });

function convGeo(B: number, C: number, H: number, W: number, k: number, g: number, w: Win): ConvGeometry {
  return { C, H, W, k, g, wh: w, ww: w, outH: outSize(H, w), outW: outSize(W, w) };
}

/** Well-separated values in random order (no ties for max pooling, no kinks near 0 for ReLU). */
function spread(n: number, seed: number): Float32Array {
  const r = createRandom(seed);
  const a = Float32Array.from({ length: n }, (_, i) => (i - n / 2 + 0.5) * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('CONV backward', () => {
  it.each([
    [2, 3, 6, 5, 4, 1, win(3, 1, 1)],
    [1, 4, 7, 7, 6, 2, win(3, 2, 0)],
    [2, 2, 7, 6, 2, 1, win(3, 1, 2, 2)],
  ] as const)('B=%i C=%i %ix%i k=%i g=%i %o', (B, C, H, W, k, g, w) => {
    const geo = convGeo(B, C, H, W, k, g, w);
    const x = randomArray(B * C * H * W, 1);
    const weight = randomArray(k * (C / g) * w.f * w.f, 2);
    const bias = randomArray(k, 3);
    const outN = B * k * geo.outH * geo.outW;
    const r = randomArray(outN, 4);
    const col = new Float32Array(convColumnElements(geo));
    const y = new Float32Array(outN);
    const loss = () => (convForward(geo, B, x, weight, bias, y, col), weighted(y, r));
    const dW = new Float32Array(weight.length);
    const dB = new Float32Array(k);
    const dx = new Float32Array(x.length);
    convBackward(geo, B, x, weight, r, dW, dB, dx, col);
    checkGradients('conv', [x, weight, bias], [dx, dW, dB], loss);
  });
});

describe('LOCAL backward', () => {
  it('dx, dW, db', () => {
    const geo = convGeo(2, 2, 5, 4, 3, 1, win(3, 1, 1));
    const P = geo.outH * geo.outW;
    const x = randomArray(2 * 2 * 5 * 4, 5);
    const weight = randomArray(P * 3 * 18, 6);
    const bias = randomArray(3 * P, 7);
    const r = randomArray(2 * 3 * P, 8);
    const y = new Float32Array(r.length);
    const dW = new Float32Array(weight.length);
    const dB = new Float32Array(bias.length);
    const dx = new Float32Array(x.length);
    localBackward(geo, 2, x, weight, r, dW, dB, dx);
    checkGradients('local', [x, weight, bias], [dx, dW, dB], () => (localForward(geo, 2, x, weight, bias, y), weighted(y, r)));
  });
});

describe('FC backward', () => {
  it('dx, dW, db for 5 images', () => {
    const [B, inputs, n] = [5, 12, 7];
    const x = randomArray(B * inputs, 9);
    const weight = randomArray(n * inputs, 10);
    const bias = randomArray(n, 11);
    const r = randomArray(B * n, 12);
    const y = new Float32Array(B * n);
    const dW = new Float32Array(weight.length);
    const dB = new Float32Array(n);
    const dx = new Float32Array(x.length);
    fcBackward(B, inputs, n, x, weight, r, dW, dB, dx);
    checkGradients('fc', [x, weight, bias], [dx, dW, dB], () => (fcForward(B, inputs, n, x, weight, bias, y), weighted(y, r)));
  });
});

describe('POOL backward', () => {
  it.each([
    ['max', win(2, 2, 0)], ['max', win(3, 2, 1)], ['max', win(3, 2, 0, 1, true)],
    ['avg', win(2, 2, 0)], ['avg', win(3, 2, 1)], ['avg', win(3, 2, 0, 1, true)],
    ['l2', win(2, 2, 0)], ['l2', win(3, 2, 1)], ['l2', win(3, 2, 0, 1, true)], ['l2', win(2, 2, 1, 1, true)],
  ] as const)('%s %o', (mode, w) => {
    const [B, C, H, W] = [2, 2, 7, 6];
    const geo = { C, H, W, wh: w, ww: w, outH: outSize(H, w), outW: outSize(W, w) };
    const x = spread(B * C * H * W, 13);
    const outN = B * C * geo.outH * geo.outW;
    const r = randomArray(outN, 14);
    const y = new Float32Array(outN);
    const idx = new Int32Array(outN);
    poolForward(geo, mode, B, x, y, idx);
    const dx = new Float32Array(x.length);
    poolBackward(geo, mode, B, r, dx, idx, x, y);
    checkGradients(`pool ${mode}`, [x], [dx], () => (poolForward(geo, mode, B, x, y, null), weighted(y, r)), { eps: 1e-3, samples: 40 });
  });
});

describe('activations, softmax, LRN, dropout, BN backward', () => {
  it.each(['relu', 'tanh', 'sigmoid'] as const)('%s', (kind: ActivationKind) => {
    const x = spread(40, 15);
    const r = randomArray(40, 16);
    const y = new Float32Array(40);
    activationForward(kind, 40, x, y);
    const dx = new Float32Array(40);
    activationBackward(kind, 40, y, r, dx);
    checkGradients(kind, [x], [dx], () => (activationForward(kind, 40, x, y), weighted(y, r)), { eps: 1e-3 });
  });
  it('softmax over depth', () => {
    const [B, C, HW] = [2, 5, 3];
    const x = randomArray(B * C * HW, 17, -2, 2);
    const r = randomArray(x.length, 18);
    const y = new Float32Array(x.length);
    softmaxForward(B, C, HW, x, y);
    const dx = new Float32Array(x.length);
    softmaxBackward(B, C, HW, y, r, dx);
    checkGradients('softmax', [x], [dx], () => (softmaxForward(B, C, HW, x, y), weighted(y, r)));
  });
  it.each([5, 4, 1])('LRN size %i', (size) => {
    const a = { size, alpha: 0.5, beta: 0.75, k: 1 }; // a large alpha so the cross-channel term matters
    const [B, C, HW] = [2, 7, 3];
    const x = randomArray(B * C * HW, 19, -2, 2);
    const r = randomArray(x.length, 20);
    const y = new Float32Array(x.length);
    const scale = new Float32Array(x.length);
    lrnForward(a, B, C, HW, x, y, scale);
    const dx = new Float32Array(x.length);
    lrnBackward(a, B, C, HW, x, scale, r, dx);
    checkGradients('lrn', [x], [dx], () => (lrnForward(a, B, C, HW, x, y, scale), weighted(y, r)), { samples: 40 });
  });
  it('dropout with a fixed mask, scaled by 1/(1-p)', () => {
    const n = 50;
    const x = randomArray(n, 21);
    const r = randomArray(n, 22);
    const mask = new Uint8Array(n);
    const y = new Float32Array(n);
    dropoutForward(0.3, n, x, y, mask, createRandom(5));
    const dx = new Float32Array(n);
    dropoutBackward(0.3, n, r, mask, dx);
    const loss = () => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (mask[i] ? x[i]! / 0.7 : 0) * r[i]!;
      return s;
    };
    checkGradients('dropout', [x], [dx], loss);
  });
  it('BN in training (batch statistics): dx, dgamma, dbeta', () => {
    const [B, C, HW] = [3, 2, 4];
    const x = randomArray(B * C * HW, 23, -2, 2);
    const gamma = randomArray(C, 24, 0.5, 1.5);
    const beta = randomArray(C, 25);
    const r = randomArray(x.length, 26);
    const y = new Float32Array(x.length);
    const rm = new Float32Array(C);
    const rv = new Float32Array(C).fill(1);
    const dx = new Float32Array(x.length);
    const dg = new Float32Array(C);
    const db = new Float32Array(C);
    bnBackward(B, C, HW, x, gamma, r, dg, db, dx);
    checkGradients('bn', [x, gamma, beta], [dx, dg, db], () => (bnForward(true, B, C, HW, x, gamma, beta, rm, rv, y), weighted(y, r)), { eps: 1e-3, samples: 30 });
  });
});
