// Max unpooling, as torch.nn.MaxUnpool2d fed MaxPool2d's indices: x [B, C, outH, outW] (the tensor to
// unpool) and p [B, C, H, W] (the pool's input) -> y [B, C, H, W], zero but where the pool's window
// o found its maximum, which gets x's element o. The maxima are found again from p by the pool
// kernel's own walk (kernels/pool.ts poolForward: the same windows, ties and NaN rule), one image at
// a time into the workspace (its pooled values, discarded, then its positions); a training pass
// writes the positions into the int32 tensor it keeps instead. Where windows overlap (f > s) two
// windows can find the same maximum: the later window's value stays there, as on PyTorch's CPU
// (its loop writes in the same order). Backward gathers: dx[o] = dy at o's position; p gets no
// gradient through this path (the positions are piecewise constant in it).

import { unpoolWindows } from '../../layers/unpool.js';
import { outSize } from './im2col.js';
import type { KernelPair } from './kernel.js';
import { poolForward } from './pool.js';

/** The positions, within one image, of the pooled elements of image `b`. */
function positionsOf(saved: Int32Array | null, workspace: Float32Array, b: number, n: number): Int32Array {
  if (saved) return saved.subarray(b * n, (b + 1) * n);
  return new Int32Array(workspace.buffer, workspace.byteOffset + n * 4, n);
}

export const unpoolKernels: KernelPair<'unpool'> = {
  plan: (layer, inDims) => {
    const input = inDims[1]!;
    const { width: ww, height: wh } = unpoolWindows(layer.args);
    const outH = outSize(input.h, wh);
    const outW = outSize(input.w, ww);
    const geometry = { C: input.c, H: input.h, W: input.w, k: input.c, g: 1, wh, ww, outH, outW };
    return { out: { ...input }, geometry, columns: 2 * input.c * outH * outW };
  },
  forward: ({ layer: l, batch, xs, y, keeps, tracker, workspace }) => {
    const geo = l.geometry!;
    const n = geo.C * geo.outH * geo.outW;
    const image = geo.C * geo.H * geo.W;
    const saved = keeps ? tracker.i32('saved', batch * n) : null;
    const values = workspace!.subarray(0, n);
    for (let b = 0; b < batch; b++) {
      const at = positionsOf(saved, workspace!, b, n);
      poolForward(geo, 'max', 1, xs[1]!.subarray(b * image, (b + 1) * image), values, at);
      const out = y.subarray(b * image, (b + 1) * image);
      out.fill(0);
      const x = xs[0]!;
      for (let o = 0; o < n; o++) out[at[o]!] = x[b * n + o]!;
    }
    return { macs: 0, ...(saved ? { saved: { i32: saved } } : {}) };
  },
  backward: ({ layer: l, batch, dy, dxs, saved }) => {
    const geo = l.geometry!;
    const n = geo.C * geo.outH * geo.outW;
    const image = geo.C * geo.H * geo.W;
    const at = saved.i32!;
    const dx = dxs[0];
    if (dx) for (let j = 0; j < batch * n; j++) dx[j] = dy[Math.floor(j / n) * image + at[j]!]!;
    dxs[1]?.fill(0);
    return 0;
  },
};
