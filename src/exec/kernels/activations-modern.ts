// The v3 activations' kernels (layers/activations-modern.ts has the formulas and why each reads
// what it reads): one element function forward, one backward from the value the declaration keeps
// (RELU6 and HSIGMOID their output, SILU, HSWISH and GELU their input), computed in float64 and
// stored as float32. Never in place, so the input buffer is intact at backward. The branches follow
// PyTorch 1.13's CPU kernels at the edges: hardtanh_backward and hardsigmoid_backward pass the
// gradient only strictly inside the linear part (0 at x = 0, 6 and at x = -3, 3); hardswish_backward
// takes x < -3 as 0 and -3 <= x <= 3 as x/3 + 1/2. NaN and infinities come out as torch's do
// (checked by test/exec/activations-torch.test.ts): NaN passes forward; the comparisons are written
// so that at NaN RELU6 and HSWISH pass the gradient and HSIGMOID does not; HSWISH and SILU at -inf
// give -inf * 0 = NaN, as torch's x * relu6(x + 3) / 6 and x * sigmoid(x) do.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

type ModernKind = 'relu6' | 'silu' | 'hswish' | 'hsigmoid' | 'gelu';

interface Pointwise {
  readonly reads: 'input' | 'output';
  readonly forward: (x: number) => number;
  /** The input gradient from the kept value v (x or y, per `reads`) and the output gradient. */
  readonly backward: (v: number, dy: number) => number;
}

const SQRT_PI = Math.sqrt(Math.PI);

/** erf: its Maclaurin series below |x| = 3 (the largest term costs about 4 of float64's 16 digits),
 *  above it the continued fraction of erfc (Abramowitz & Stegun 7.1.14) from 40 levels; erfc(6) is
 *  below 1e-16, so from 6 on erf is +-1. */
function erf(x: number): number {
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  if (a < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / SQRT_PI) * sum;
  }
  let f = a;
  for (let k = 40; k >= 1; k--) f = a + k / 2 / f;
  return Math.sign(x) * (1 - Math.exp(-a * a) / (SQRT_PI * f));
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const POINTWISE: Record<ModernKind, Pointwise> = {
  relu6: { reads: 'output', forward: (x) => (x <= 0 ? 0 : x >= 6 ? 6 : x), backward: (y, dy) => (y <= 0 || y >= 6 ? 0 : dy) },
  hsigmoid: { reads: 'output', forward: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6), backward: (y, dy) => (y > 0 && y < 1 ? dy / 6 : 0) },
  hswish: {
    reads: 'input',
    forward: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    backward: (x, dy) => (x < -3 ? 0 : x <= 3 ? dy * (x / 3 + 0.5) : dy),
  },
  silu: {
    reads: 'input',
    forward: (x) => x * sigmoid(x),
    backward: (x, dy) => {
      const s = sigmoid(x);
      return dy * s * (1 + x * (1 - s));
    },
  },
  // d/dx x Phi(x) = Phi(x) + x phi(x)
  gelu: {
    reads: 'input',
    forward: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
    backward: (x, dy) => dy * (0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI)),
  },
};

// x [count] -> y [count]
export function modernForward(kind: ModernKind, count: number, x: Float32Array, y: Float32Array): void {
  const f = POINTWISE[kind].forward;
  for (let i = 0; i < count; i++) y[i] = f(x[i]!);
}

// x, y, dy [count] -> dx [count]
export function modernBackward(kind: ModernKind, count: number, x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const { reads, backward } = POINTWISE[kind];
  const v = reads === 'input' ? x : y;
  for (let i = 0; i < count; i++) dx[i] = backward(v[i]!, dy[i]!);
}

function modernKernels<K extends ModernKind>(kind: K): KernelPair<K> {
  return {
    plan: declaredPlan,
    forward: ({ xs, y }) => {
      modernForward(kind, y.length, xs[0]!, y);
      return { macs: 0 };
    },
    backward: ({ xs, y, dy, dxs }) => {
      modernBackward(kind, dy.length, xs[0]!, y, dy, dxs[0]!);
      return 0;
    },
  };
}

export const relu6Kernels = modernKernels('relu6');
export const siluKernels = modernKernels('silu');
export const hswishKernels = modernKernels('hswish');
export const hsigmoidKernels = modernKernels('hsigmoid');
export const geluKernels = modernKernels('gelu');
