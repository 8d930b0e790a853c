// Element-wise activations over `count` elements. Forward may run in place (y === x); the backward
// passes work from the saved output alone (as PyTorch's autograd saves it): ReLU's y > 0,
// tanh's 1 - y^2, sigmoid's y (1 - y). dx may be dy (in place). NaN propagates as in PyTorch:
// relu(NaN) is NaN (clamp_min keeps NaN), and relu's backward zeroes the gradient only where
// y <= 0 (threshold_backward), so at a NaN output the gradient passes; the comparisons are written
// so that NaN falls on the side PyTorch's does (a test per case: test/exec/nonfinite.test.ts).
// ReLU runs in WebAssembly where its buffers live in the shared memory (wasm/elementwise.ts, the
// same bits); these loops are the reference and the fallback.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';
import { wasmRelu, wasmReluBackward } from '../wasm/elementwise.js';

export type ActivationKind = 'relu' | 'tanh' | 'sigmoid';

// x [count] -> y [count]
export function activationForward(kind: ActivationKind, count: number, x: Float32Array, y: Float32Array): void {
  if (kind === 'relu') for (let i = 0; i < count; i++) y[i] = x[i]! <= 0 ? 0 : x[i]!;
  else if (kind === 'tanh') for (let i = 0; i < count; i++) y[i] = Math.tanh(x[i]!);
  else for (let i = 0; i < count; i++) y[i] = 1 / (1 + Math.exp(-x[i]!));
}

// y, dy [count] -> dx [count]
export function activationBackward(kind: ActivationKind, count: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  if (kind === 'relu') for (let i = 0; i < count; i++) dx[i] = y[i]! <= 0 ? 0 : dy[i]!;
  else if (kind === 'tanh') for (let i = 0; i < count; i++) dx[i] = dy[i]! * (1 - y[i]! * y[i]!);
  else for (let i = 0; i < count; i++) dx[i] = dy[i]! * y[i]! * (1 - y[i]!);
}

function activationKernels<K extends ActivationKind>(kind: K): KernelPair<K> {
  return {
    plan: declaredPlan,
    forward: ({ xs, y }) => {
      if (kind !== 'relu' || !wasmRelu(y.length, xs[0]!, y)) activationForward(kind, y.length, xs[0]!, y);
      return { macs: 0 };
    },
    backward: ({ y, dy, dxs }) => {
      if (kind !== 'relu' || !wasmReluBackward(dy.length, y, dy, dxs[0]!)) activationBackward(kind, dy.length, y, dy, dxs[0]!);
      return 0;
    },
  };
}

export const reluKernels = activationKernels('relu');
export const tanhKernels = activationKernels('tanh');
export const sigmoidKernels = activationKernels('sigmoid');
