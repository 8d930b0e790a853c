// Pooling over each channel, as PyTorch: max as MaxPool2d (padding is -infinity: windows are clipped
// to the input); avg as AvgPool2d with count_include_pad (divides by the window's size within the
// padded input, f*f except for a last ceil-mode window); l2 as LPPool2d(p=2), which PyTorch computes
// as sqrt(avg_pool2d(x^2) * f*f): the sum of squares over the window, scaled on a ceil-mode partial
// window by f*f over the window's size within the padded input (avg_pool2d's divisor there), so
// sqrt(sum * f*f / padded size). x [B, C, H, W] -> y [B, C, outH, outW]. Max pooling records, per
// output element, the offset within the image of the input it took (Int32Array, for the backward
// pass); a NaN in a window wins it, as in PyTorch's max_pool2d (val > max || isnan(val)).
// Adaptive pooling (AdaptiveAvgPool2d, AdaptiveMaxPool2d) takes output o's window along a side of n
// inputs as [floor(o*n/out), ceil((o+1)*n/out)), averaged over its own size.
// Max pooling over fixed windows runs in WebAssembly where its buffers live in the shared memory
// (wasm/elementwise.ts, the same bits), forward and backward, and so does average pooling;
// poolForward and poolBackward are the reference and fallback.

import type { Win } from './im2col.js';
import { NOTHING_SAVED, type KernelPair } from './kernel.js';
import { windowedPlan } from './plans.js';
import { wasmAvgPool, wasmAvgPoolBackward, wasmMaxPool, wasmMaxPoolBackward, zeroFloats } from '../wasm/elementwise.js';

export interface PoolGeometry {
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly wh: Win;
  readonly ww: Win;
  readonly outH: number;
  readonly outW: number;
}

/** Per output position along one side: the input window [lo, hi) and its length inside the padded
 *  input (avg pooling's divisor along this side). The same for every plane and every row (column),
 *  so worked out once per call. */
interface Spans {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly padded: Int32Array;
}

function spansOf(w: Win, size: number, out: number): Spans {
  const s: Spans = { lo: new Int32Array(out), hi: new Int32Array(out), padded: new Int32Array(out) };
  for (let o = 0; o < out; o++) {
    if (w.out !== undefined) {
      s.lo[o] = Math.floor((o * size) / w.out);
      s.hi[o] = Math.ceil(((o + 1) * size) / w.out);
      s.padded[o] = s.hi[o]! - s.lo[o]!;
      continue;
    }
    const start = o * w.s - w.p;
    const end = Math.min(start + w.f, size + w.p);
    s.padded[o] = end - start;
    s.lo[o] = Math.max(start, 0);
    s.hi[o] = Math.min(end, size);
  }
  return s;
}

/** LPPool2d's f*f / avg_pool2d divisor: 1 on a whole window, more on a ceil-mode partial one. */
function l2Scale(wh: Win, ww: Win, paddedY: number, paddedX: number): number {
  return (wh.f * ww.f) / (paddedY * paddedX);
}

// x [B, C, H, W] -> y [B, C, outH, outW]; indices [B, C, outH, outW] for max (else null)
export function poolForward(
  geo: PoolGeometry, mode: 'max' | 'avg' | 'l2', batch: number, x: Float32Array, y: Float32Array, indices: Int32Array | null,
): void {
  const { C, H, W, wh, ww, outH, outW } = geo;
  const sy = spansOf(wh, H, outH);
  const sx = spansOf(ww, W, outW);
  let o = 0;
  for (let plane = 0; plane < batch * C; plane++) {
    const xo = plane * H * W;
    const imageOff = (plane % C) * H * W;
    for (let oy = 0; oy < outH; oy++) {
      const ylo = sy.lo[oy]!;
      const yhi = sy.hi[oy]!;
      for (let ox = 0; ox < outW; ox++, o++) {
        const xlo = sx.lo[ox]!;
        const xhi = sx.hi[ox]!;
        if (mode === 'max') {
          let best = -Infinity;
          let at = -1;
          for (let iy = ylo; iy < yhi; iy++) {
            for (let ix = xlo; ix < xhi; ix++) {
              const v = x[xo + iy * W + ix]!;
              if (v > best || at < 0 || Number.isNaN(v)) {
                best = v;
                at = iy * W + ix;
              }
            }
          }
          y[o] = best;
          if (indices) indices[o] = imageOff + at;
          continue;
        }
        let s = 0;
        for (let iy = ylo; iy < yhi; iy++) {
          for (let ix = xlo; ix < xhi; ix++) {
            const v = x[xo + iy * W + ix]!;
            s += mode === 'avg' ? v : v * v;
          }
        }
        const py = sy.padded[oy]!;
        const px = sx.padded[ox]!;
        y[o] = mode === 'avg' ? s / (py * px) : Math.sqrt(s * l2Scale(wh, ww, py, px));
      }
    }
  }
}

// dy [B, C, outH, outW] -> dx [B, C, H, W] (overwritten). Max uses indices; l2 uses x and y.
export function poolBackward(
  geo: PoolGeometry, mode: 'max' | 'avg' | 'l2', batch: number, dy: Float32Array, dx: Float32Array,
  indices: Int32Array | null, x: Float32Array | null, y: Float32Array | null,
): void {
  const { C, H, W } = geo;
  if (mode === 'max' && wasmMaxPoolBackward(geo, batch, dy, dx, indices!)) return;
  if (mode === 'avg' && wasmAvgPoolBackward(geo, batch, dy, dx)) return;
  zeroFloats(dx, 0, batch * C * H * W);
  if (mode === 'max') maxPoolBackward(batch, C * geo.outH * geo.outW, C * H * W, dy, dx, indices!);
  else windowPoolBackward(geo, mode, batch, dy, dx, x, y);
}

/** Each output's gradient to the input its window took (indices: offsets within the image). */
function maxPoolBackward(batch: number, outputs: number, inputs: number, dy: Float32Array, dx: Float32Array, indices: Int32Array): void {
  for (let n = 0, o = 0; n < batch; n++) {
    const base = n * inputs;
    for (const end = o + outputs; o < end; o++) {
      const at = base + indices[o]!;
      dx[at] = dx[at]! + dy[o]!;
    }
  }
}

/** avg: each output's gradient spread evenly over its window; l2: weighted by x / y. */
function windowPoolBackward(geo: PoolGeometry, mode: 'avg' | 'l2', batch: number, dy: Float32Array, dx: Float32Array, x: Float32Array | null, y: Float32Array | null): void {
  const { C, H, W, wh, ww, outH, outW } = geo;
  const sy = spansOf(wh, H, outH);
  const sx = spansOf(ww, W, outW);
  let o = 0;
  for (let plane = 0; plane < batch * C; plane++) {
    const xo = plane * H * W;
    for (let oy = 0; oy < outH; oy++) {
      const ylo = sy.lo[oy]!;
      const yhi = sy.hi[oy]!;
      const py = sy.padded[oy]!;
      for (let ox = 0; ox < outW; ox++, o++) {
        const g = dy[o]!;
        const out = y ? y[o]! : 0;
        const px = sx.padded[ox]!;
        // l2: y = sqrt(r * sum x^2) gives dy/dx = r x / y. A window of zeros (y = 0) gets 0 as in
        // PyTorch (its relu's backward zeroes the infinite pow gradient); a NaN fills the window with
        // NaN, an infinite x gets 0 * inf = NaN and the rest of its window 0, as there.
        const scale = mode === 'avg' ? g / (py * px) : out === 0 ? 0 : (g * l2Scale(wh, ww, py, px)) / out;
        const xhi = sx.hi[ox]!;
        for (let iy = ylo; iy < yhi; iy++) {
          const row = xo + iy * W;
          if (mode === 'avg') for (let i = row + sx.lo[ox]!; i < row + xhi; i++) dx[i] = dx[i]! + scale;
          else for (let i = row + sx.lo[ox]!; i < row + xhi; i++) dx[i] = dx[i]! + scale * x![i]!;
        }
      }
    }
  }
}

export const poolKernels: KernelPair<'pool'> = {
  plan: (layer, inDims) => windowedPlan(layer, inDims, inDims[0]!.c, 1),
  forward: ({ layer: l, batch, xs, y, keeps, tracker }) => {
    // max pooling's backward routes each gradient to the input its window took: keep the offsets
    const mode = l.layer.args.mode;
    const max = mode === 'max';
    const indices = max && keeps ? tracker.i32('saved', y.length) : null;
    const inWasm = max ? wasmMaxPool(l.geometry!, batch, xs[0]!, y, indices) : mode === 'avg' && wasmAvgPool(l.geometry!, batch, xs[0]!, y);
    if (!inWasm) poolForward(l.geometry!, mode, batch, xs[0]!, y, indices);
    return { macs: 0, saved: indices ? { i32: indices } : NOTHING_SAVED };
  },
  backward: ({ layer: l, batch, xs, y, dy, dxs, saved }) => {
    poolBackward(l.geometry!, l.layer.args.mode, batch, dy, dxs[0]!, saved.i32 ?? null, xs[0]!, y);
    return 0;
  },
};
