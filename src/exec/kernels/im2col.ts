// Sliding-window geometry of the executor and the im2col / col2im transforms (cs231n: "the local
// regions of the input are stretched out into columns"). The executor works its output sizes out
// here, from the window arguments alone, so the shapes it measures are an independent check of the
// analysis' shape rule. Column matrix layout: [C*fh*fw x outH*outW], row (c*fh + ky)*fw + kx,
// column oy*outW + ox; rows of one channel are contiguous, so a group of channels is a row slice.
// im2col and col2im run the WebAssembly loops (wasm/gemm.ts) when both tensors lie in its memory,
// this file's TypeScript ones, the reference, otherwise.

import { wasmCol2im, wasmIm2col } from '../wasm/gemm.js';

/** One side of a sliding window: size f, stride s, zero padding p, dilation d, ceil rounding;
 *  `out`: adaptive pooling's output count (its windows are worked out in kernels/pool.ts). */
export interface Win {
  readonly f: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly ceil: boolean;
  readonly out?: number;
}

/** Output positions along one side, as PyTorch computes them (ceil: the last window must start
 *  inside the input or the near padding; an adaptive window gives its `out`). */
export function outSize(input: number, w: Win): number {
  if (w.out !== undefined) return w.out;
  const span = input + 2 * w.p - (w.d * (w.f - 1) + 1);
  if (!w.ceil) return Math.floor(span / w.s) + 1;
  let out = Math.ceil(span / w.s) + 1;
  if ((out - 1) * w.s >= input + w.p) out--;
  return out;
}

// x [C, H, W] at xOff -> col [C*wh.f*ww.f, outH*outW]
export function im2col(
  x: Float32Array, xOff: number, C: number, H: number, W: number,
  wh: Win, ww: Win, outH: number, outW: number, col: Float32Array,
): void {
  if (!wasmIm2col(x, xOff, C, H, W, wh, ww, outH, outW, col)) im2colReference(x, xOff, C, H, W, wh, ww, outH, outW, col);
}

// col [C*wh.f*ww.f, outH*outW] -> dx [C, H, W] at dxOff, accumulated (the adjoint of im2col)
export function col2im(
  col: Float32Array, C: number, H: number, W: number,
  wh: Win, ww: Win, outH: number, outW: number, dx: Float32Array, dxOff: number,
): void {
  if (!wasmCol2im(col, C, H, W, wh, ww, outH, outW, dx, dxOff)) col2imReference(col, C, H, W, wh, ww, outH, outW, dx, dxOff);
}

export function im2colReference(
  x: Float32Array, xOff: number, C: number, H: number, W: number,
  wh: Win, ww: Win, outH: number, outW: number, col: Float32Array,
): void {
  const N = outH * outW;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = xOff + c * H * W;
    for (let ky = 0; ky < wh.f; ky++) {
      for (let kx = 0; kx < ww.f; kx++, row++) {
        const base = row * N;
        const dx = kx * ww.d - ww.p;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * wh.s - wh.p + ky * wh.d;
          const o = base + oy * outW;
          if (iy < 0 || iy >= H) {
            col.fill(0, o, o + outW);
            continue;
          }
          const r = plane + iy * W;
          for (let ox = 0; ox < outW; ox++) {
            const ix = ox * ww.s + dx;
            col[o + ox] = ix >= 0 && ix < W ? x[r + ix]! : 0;
          }
        }
      }
    }
  }
}

export function col2imReference(
  col: Float32Array, C: number, H: number, W: number,
  wh: Win, ww: Win, outH: number, outW: number, dx: Float32Array, dxOff: number,
): void {
  const N = outH * outW;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = dxOff + c * H * W;
    for (let ky = 0; ky < wh.f; ky++) {
      for (let kx = 0; kx < ww.f; kx++, row++) {
        const base = row * N;
        const dxk = kx * ww.d - ww.p;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * wh.s - wh.p + ky * wh.d;
          if (iy < 0 || iy >= H) continue;
          const o = base + oy * outW;
          const r = plane + iy * W;
          for (let ox = 0; ox < outW; ox++) {
            const ix = ox * ww.s + dxk;
            if (ix >= 0 && ix < W) dx[r + ix] = dx[r + ix]! + col[o + ox]!;
          }
        }
      }
    }
  }
}
