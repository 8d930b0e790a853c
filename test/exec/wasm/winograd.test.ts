// Winograd F(2x2, 3x3) (wasm/winograd.ts) against the reference im2col + GEMM convolution on plain
// arrays, on random 3x3 stride-1 layers (fast-check), on one thread and two. Tolerance: Winograd
// sums other terms than the direct convolution (transformed filters and patches), so each output's
// scale is the Winograd computation's own sum of magnitudes, S = |A^T| (sum over c of
// (|G| |g_c| |G^T|) . (|B^T| |d_c| |B|)) |A|, all coefficients exact in fp32 (0, +-1/2, +-1); its
// rounding is within gamma_n * S for n = C + 8 (C channel terms, then at most 8 more roundings in
// the transforms), and the reference's within gamma_9C times its smaller direct scale. The weight
// gradient's bound is built the same way (weightGradientScale).

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../../src/cli/threads-node.js';
import { convBackward, convForward, type ConvGeometry } from '../../../src/exec/kernels/conv.js';
import { configureThreads } from '../../../src/exec/threads/pool.js';
import { weightGradientTileSide, winogradConv, winogradInputGradient, winogradWeightGradient } from '../../../src/exec/wasm/winograd.js';
import { randomArray } from '../naive.js';
import { expectWithinRounding, inWasm } from './helpers.js';

const BT = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]];
const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
const AT = [[1, 1, 1, 0], [0, 1, -1, -1]];
// F(4x4, 3x3) (Lavin and Gray's points 0, +-1, +-2, infinity), which the weight gradient runs
// where it does fewer multiplies: written out here from the paper, not from kernels.as
const F4 = {
  BT: [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]],
  G: [[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6], [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]],
  AT: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]],
};
const F2 = { BT, G, AT };
const transpose = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((r) => r[j]!));

/** |L| X |R|^T for small dense matrices, flattened row by row. */
function absSandwich(L: number[][], X: number[][], R: number[][]): number[] {
  return L.flatMap((l) => R.map((r) => l.reduce((s, li, i) => s + Math.abs(li) * r.reduce((t, rj, j) => t + Math.abs(X[i]![j]!) * Math.abs(rj), 0), 0)));
}

function winogradScale(geo: ConvGeometry, x: Float32Array, w: Float32Array): Float64Array {
  const { C, H, W, k, outH, outW, wh } = geo;
  const tilesW = Math.ceil(outW / 2);
  const tiles = Math.ceil(outH / 2) * tilesW;
  const at = (c: number, iy: number, ix: number): number => (iy >= 0 && iy < H && ix >= 0 && ix < W ? x[(c * H + iy) * W + ix]! : 0);
  const u = new Float64Array(k * C * 16);
  for (let o = 0; o < k; o++) {
    for (let c = 0; c < C; c++) u.set(absSandwich(G, [0, 1, 2].map((i) => [0, 1, 2].map((j) => w[((o * C + c) * 3 + i) * 3 + j]!)), G), (o * C + c) * 16);
  }
  const v = new Float64Array(C * tiles * 16);
  for (let c = 0; c < C; c++) {
    for (let t = 0; t < tiles; t++) {
      const [y0, x0] = [2 * Math.floor(t / tilesW) - wh.p, 2 * (t % tilesW) - wh.p];
      v.set(absSandwich(BT, [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => at(c, y0 + i, x0 + j))), BT), (c * tiles + t) * 16);
    }
  }
  const out = new Float64Array(k * outH * outW);
  const sum = new Float64Array(16);
  for (let o = 0; o < k; o++) {
    for (let t = 0; t < tiles; t++) {
      sum.fill(0);
      for (let c = 0; c < C; c++) for (let e = 0; e < 16; e++) sum[e]! += u[(o * C + c) * 16 + e]! * v[(c * tiles + t) * 16 + e]!;
      const y = absSandwich(AT, [0, 1, 2, 3].map((i) => Array.from(sum.subarray(i * 4, i * 4 + 4))), AT);
      const [oy, ox] = [2 * Math.floor(t / tilesW), 2 * (t % tilesW)];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) if (oy + i < outH && ox + j < outW) out[(o * outH + oy + i) * outW + ox + j] = y[i * 2 + j]!;
    }
  }
  return out;
}

function check(C: number, k: number, H: number, W: number, p: number, seed: number, chunk?: number): void {
  const win = { f: 3, s: 1, p, d: 1, ceil: false };
  const geo: ConvGeometry = { C, H, W, k, g: 1, wh: win, ww: win, outH: H + 2 * p - 2, outW: W + 2 * p - 2 };
  const x = randomArray(C * H * W, seed);
  const w = randomArray(k * C * 9, seed + 1);
  const N = geo.outH * geo.outW;
  const want = new Float32Array(k * N);
  convForward(geo, 1, x, w, null, want, new Float32Array(C * 9 * N));
  const got = inWasm(new Float32Array(k * N));
  // the workspace of the largest layer of a network: room for every tile in one chunk, or more
  const tiles = Math.ceil(geo.outH / 2) * Math.ceil(geo.outW / 2);
  const workspace = chunk ? 16 * k * C + 16 * (C + k) * chunk : Math.max(C * 9 * N, 16 * k * C + 16 * (C + k) * tiles);
  expect(winogradConv(geo, 1, inWasm(x), inWasm(w), got, inWasm(new Float32Array(workspace)))).toBe(true);
  expectWithinRounding(got, want, winogradScale(geo, x, w), C + 8);
}

// dx by Winograd against the reference backward, for B images; each image's scale is that of the
// forward convolution it is: dy padded by 2 - p, the filters turned by 180 degrees with their
// channel axes swapped (built here)
function checkGradient(C: number, k: number, H: number, W: number, p: number, seed: number, B = 1): void {
  const win = { f: 3, s: 1, p, d: 1, ceil: false };
  const geo: ConvGeometry = { C, H, W, k, g: 1, wh: win, ww: win, outH: H + 2 * p - 2, outW: W + 2 * p - 2 };
  const N = geo.outH * geo.outW;
  const x = randomArray(B * C * H * W, seed);
  const w = randomArray(k * C * 9, seed + 1);
  const dy = randomArray(B * k * N, seed + 2);
  const want = new Float32Array(B * C * H * W);
  convBackward(geo, B, x, w, dy, new Float32Array(k * C * 9), null, want, new Float32Array(C * 9 * N));
  const got = inWasm(new Float32Array(B * C * H * W));
  const workspace = 16 * k * C + 16 * (C + k) * Math.ceil(H / 2) * Math.ceil(W / 2);
  expect(winogradInputGradient(geo, B, inWasm(dy), inWasm(w), got, inWasm(new Float32Array(workspace)))).toBe(true);
  const turned = new Float32Array(C * k * 9);
  for (let o = 0; o < k; o++) for (let c = 0; c < C; c++) for (let q = 0; q < 9; q++) turned[(c * k + o) * 9 + 8 - q] = w[(o * C + c) * 9 + q]!;
  const back = { f: 3, s: 1, p: 2 - p, d: 1, ceil: false };
  const backGeo: ConvGeometry = { C: k, H: geo.outH, W: geo.outW, k: C, g: 1, wh: back, ww: back, outH: H, outW: W };
  const scale = new Float64Array(B * C * H * W);
  for (let b = 0; b < B; b++) scale.set(winogradScale(backGeo, dy.subarray(b * k * N, (b + 1) * k * N), turned), b * C * H * W);
  expectWithinRounding(got, want, scale, k + 8);
}

// The weight gradient's own sum of magnitudes for tiles of side x side outputs: |G^T| (sum over
// tiles of (|A| |dy_t| |A^T|) . (|B^T| |d_t| |B|)) |G| plus |dw0|, which bounds the direct one term
// by term (expanded, each direct product dy * x appears in it with a coefficient of at least 1);
// the Winograd sums have at most `tiles` channel terms, the reference N = outH * outW terms.
function weightGradientScale(geo: ConvGeometry, x: Float32Array, dy: Float32Array, dw0: Float32Array, side: 2 | 4): Float64Array {
  const { C, H, W, k, outH, outW, wh } = geo;
  const { BT: bt, G: g, AT: at4 } = side === 4 ? F4 : F2;
  const [patch, planes] = [side + 2, (side + 2) ** 2];
  const tilesW = Math.ceil(outW / side);
  const tiles = Math.ceil(outH / side) * tilesW;
  const at = (c: number, iy: number, ix: number): number => (iy >= 0 && iy < H && ix >= 0 && ix < W ? x[(c * H + iy) * W + ix]! : 0);
  const grad = (o: number, oy: number, ox: number): number => (oy < outH && ox < outW ? dy[(o * outH + oy) * outW + ox]! : 0);
  const origin = (t: number): number[] => [side * Math.floor(t / tilesW), side * (t % tilesW)];
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const v = Array.from({ length: C * tiles }, (_, ct) => {
    const [c, t] = [Math.floor(ct / tiles), ct % tiles];
    const [y0, x0] = origin(t).map((z) => z - wh.p);
    return absSandwich(bt, range(patch).map((i) => range(patch).map((j) => at(c, y0! + i, x0! + j))), bt);
  });
  const A = transpose(at4);
  const GT = transpose(g);
  const out = Float64Array.from(dw0, Math.abs);
  for (let o = 0; o < k; o++) {
    const m = Array.from({ length: tiles }, (_, t) => {
      const [oy, ox] = origin(t);
      return absSandwich(A, range(side).map((i) => range(side).map((j) => grad(o, oy! + i, ox! + j))), A);
    });
    for (let c = 0; c < C; c++) {
      const sum = new Array<number>(planes).fill(0);
      for (let t = 0; t < tiles; t++) for (let e = 0; e < planes; e++) sum[e]! += m[t]![e]! * v[c * tiles + t]![e]!;
      const d = absSandwich(GT, range(patch).map((i) => sum.slice(i * patch, (i + 1) * patch)), GT);
      for (let q = 0; q < 9; q++) out[(o * C + c) * 9 + q]! += d[q]!;
    }
  }
  return out;
}

/** Roundings in the weight gradient's transforms besides its sums over tiles: F(2x2)'s at most 9;
 *  F(4x4)'s at most 3 per pass of B^T and of A (two passes each), 7 per pass of G^T (two) with
 *  its coefficients 1/6 and 1/12 rounded to fp32, and the add into dw: 27. */
const TRANSFORM_ROUNDINGS = { 2: 9, 4: 27 } as const;

// dw += the weight gradient by Winograd against the reference backward for B images, both from
// the same dw0; fresh: Winograd's written over dw0, the reference's added to zeros. The scale is
// the images' summed (|dw0| once), the terms the tiles of them all. The workspace has room for
// every tile (or `chunk` tiles) of F(2x2); roomy: as much again, where F(4x4) fits more often.
// Returns the side the layer ran with.
function checkWeightGradient(C: number, k: number, H: number, W: number, p: number, seed: number, chunk?: number, fresh = false, B = 1, roomy = false): 2 | 4 {
  const win = { f: 3, s: 1, p, d: 1, ceil: false };
  const geo: ConvGeometry = { C, H, W, k, g: 1, wh: win, ww: win, outH: H + 2 * p - 2, outW: W + 2 * p - 2 };
  const N = geo.outH * geo.outW;
  const tiles = Math.ceil(geo.outH / 2) * Math.ceil(geo.outW / 2);
  const workspace = (16 * k * C + 16 * (C + k) * (chunk ?? tiles)) * (roomy ? 2 : 1);
  const side = weightGradientTileSide(geo, workspace)!;
  const x = randomArray(B * C * H * W, seed);
  const dy = randomArray(B * k * N, seed + 2);
  const dw0 = randomArray(k * C * 9, seed + 3);
  const want = fresh ? new Float32Array(dw0.length) : dw0.slice();
  const scale = weightGradientScale(geo, x.subarray(0, C * H * W), dy.subarray(0, k * N), want, side);
  for (let b = 1; b < B; b++) {
    const more = weightGradientScale(geo, x.subarray(b * C * H * W, (b + 1) * C * H * W), dy.subarray(b * k * N, (b + 1) * k * N), new Float32Array(dw0.length), side);
    more.forEach((v, i) => (scale[i] = scale[i]! + v));
  }
  convBackward(geo, B, x, randomArray(k * C * 9, seed + 1), dy, want, null, null, new Float32Array(C * 9 * N));
  const got = inWasm(dw0);
  expect(winogradWeightGradient(geo, B, inWasm(x), inWasm(dy), got, inWasm(new Float32Array(workspace)), fresh)).toBe(true);
  expectWithinRounding(got, want, scale, B * N + TRANSFORM_ROUNDINGS[side]);
  return side;
}

for (const threads of [1, 2]) {
  describe(`Winograd F(2x2, 3x3) on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));
    it('matches im2col + GEMM on random 3x3 stride-1 layers (odd sides, padding 0 to 2)', () => {
      configureThreads(nodeThreads(threads));
      fc.assert(
        fc.property(fc.integer({ min: 8, max: 24 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 3, max: 15 }), fc.integer({ min: 3, max: 15 }), fc.integer({ min: 0, max: 2 }), fc.nat(1000),
          (C, k, H, W, p, seed) => check(C, k, H, W, p, seed)),
        { seed: 7 + threads, numRuns: 40 },
      );
    });
    it('the input gradient matches the reference backward on random layers, at one image and two', () => {
      configureThreads(nodeThreads(threads));
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 8, max: 24 }), fc.integer({ min: 3, max: 15 }), fc.integer({ min: 3, max: 15 }), fc.integer({ min: 0, max: 2 }), fc.nat(1000),
          fc.constantFrom(1, 2), (C, k, H, W, p, seed, B) => checkGradient(C, k, H, W, p, seed, B)),
        { seed: 11 + threads, numRuns: 30 },
      );
    });
    it('the weight gradient matches the reference backward on random layers, in one chunk or more, at one image and three', () => {
      configureThreads(nodeThreads(threads));
      fc.assert(
        fc.property(fc.integer({ min: 8, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 3, max: 15 }), fc.integer({ min: 3, max: 15 }), fc.integer({ min: 0, max: 2 }), fc.nat(1000),
          fc.constantFrom(undefined, 32), fc.boolean(), fc.constantFrom(1, 3),
          (C, k, H, W, p, seed, chunk, fresh, B) => checkWeightGradient(C, k, H, W, p, seed, chunk, fresh, B) === 2),
        { seed: 17 + threads, numRuns: 40 },
      );
      expect(checkWeightGradient(64, 48, 28, 28, 1, 5, 50)).toBe(2); // F(4x4)'s planes do not fit in chunks of 32
    });
    it('and by F(4x4) on random larger layers, where it fits', () => {
      configureThreads(nodeThreads(threads));
      const sides = { 2: 0, 4: 0 };
      fc.assert(
        fc.property(fc.integer({ min: 8, max: 12 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 19, max: 30 }), fc.integer({ min: 19, max: 30 }), fc.integer({ min: 0, max: 2 }), fc.nat(1000),
          fc.constantFrom(undefined, 40), fc.boolean(), fc.constantFrom(1, 2), fc.boolean(),
          (C, k, H, W, p, seed, chunk, fresh, B, roomy) => void sides[checkWeightGradient(C, k, H, W, p, seed, chunk, fresh, B, roomy)]++),
        { seed: 23 + threads, numRuns: 24 },
      );
      expect(sides[4]).toBeGreaterThanOrEqual(12);
      expect(checkWeightGradient(64, 48, 28, 28, 1, 5, 50, true, 1, true)).toBe(4);
    });
    it('the weight gradient takes F(4x4) only where it does fewer multiplies', () => {
      const geo = (side: number): ConvGeometry => {
        const win = { f: 3, s: 1, p: 1, d: 1, ceil: false };
        return { C: 64, H: side, W: side, k: 64, g: 1, wh: win, ww: win, outH: side, outW: side };
      };
      const roomy = 1e8;
      // products per filter and channel, F(2x2) against F(4x4): 56x56: 16 * 28^2 = 12,544 against
      // 36 * 14^2 = 7,056 (5,488 saved); 28x28: 3,136 against 1,764 (1,372); 20x20: 1,600 against
      // 900 (700); 18x18: 1,296 against 900 (396); 14x14: 784 against 576 (208); 7x7: 256 against 144
      expect([56, 28, 20, 18, 14, 7].map((s) => weightGradientTileSide(geo(s), roomy))).toEqual([4, 4, 4, 2, 2, 2]);
      expect(weightGradientTileSide(geo(56), 16 * 64 * 64 + 16 * 128 * 32)).toBe(2); // room for F(2x2)'s chunks of 32 only
      expect(weightGradientTileSide({ ...geo(56), C: 3 }, roomy)).toBe(null); // too few channels for Winograd
    });
    it('a VGG-shaped layer (64 -> 64 at 56x56), in one chunk and in eight of 100 tiles', () => {
      configureThreads(nodeThreads(threads));
      check(64, 64, 56, 56, 1, 3);
      check(64, 64, 56, 56, 1, 4, 100);
    });
  });
}

it('leaves the layers it does not serve to im2col + GEMM', () => {
  const win = (f: number, s: number) => ({ f, s, p: 1, d: 1, ceil: false });
  const geo = (f: number, s: number, C: number, g = 1): ConvGeometry => ({ C, H: 8, W: 8, k: 8, g, wh: win(f, s), ww: win(f, s), outH: 8, outW: 8 });
  const t = (n: number): Float32Array => inWasm(new Float32Array(n));
  for (const g of [geo(3, 2, 16), geo(5, 1, 16), geo(3, 1, 3), geo(3, 1, 16, 2)]) expect(winogradConv(g, 1, t(2000), t(3000), t(2000), t(20000))).toBe(false);
});
