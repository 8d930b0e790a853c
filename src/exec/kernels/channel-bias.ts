// A per-channel bias over one image's [channels, N] map (CONV, CONVT): added in forward, its
// gradient summed over the positions in backward; in WebAssembly where the tensors live in its
// memory (addBias, biasGradient), else by the reference loops below.

import { wasmAddBias, wasmBiasGradient } from '../wasm/gemm.js';

export function addBias(y: Float32Array, bias: Float32Array, channels: number, N: number, offset: number): void {
  if (!wasmAddBias(y, bias, channels, N, offset)) addChannelBias(y, bias, channels, N, offset);
}

export function biasGradient(dBias: Float32Array, dy: Float32Array, channels: number, N: number, offset: number): void {
  if (!wasmBiasGradient(dBias, dy, channels, N, offset)) accumulateChannelBias(dBias, dy, channels, N, offset);
}

/** y[o, j] += bias[o] for the `channels` x `N` map at `offset`. */
function addChannelBias(y: Float32Array, bias: Float32Array, channels: number, N: number, offset: number): void {
  for (let o = 0; o < channels; o++) {
    const b = bias[o]!;
    for (let j = offset + o * N, end = j + N; j < end; j++) y[j] = y[j]! + b;
  }
}

/** dBias[o] += the sum over positions of dy[o, j] for the `channels` x `N` map at `offset`. */
function accumulateChannelBias(dBias: Float32Array, dy: Float32Array, channels: number, N: number, offset: number): void {
  for (let o = 0; o < channels; o++) {
    let s = 0;
    for (let j = offset + o * N, end = j + N; j < end; j++) s += dy[j]!;
    dBias[o] = dBias[o]! + s;
  }
}
