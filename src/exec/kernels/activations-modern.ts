// The v3 activations' kernels (layers/activations-modern.ts has the formulas and why each reads
// what it reads): one element function forward, one backward from the value the declaration keeps
// (RELU6 and HSIGMOID their output, SILU, HSWISH and GELU their input), computed in float64 and
// stored as float32. Never in place, so the input buffer is intact at backward. The branches follow
// PyTorch 1.13's CPU kernels at the edges: hardtanh_backward and hardsigmoid_backward pass the
// gradient only strictly inside the linear part (0 at x = 0, 6 and at x = -3, 3); hardswish_backward
// takes x < -3 as 0 and -3 <= x <= 3 as x/3 + 1/2. NaN and infinities come out as torch's do
// (checked by test/exec/activations-torch.test.ts): NaN passes forward; the comparisons are written
// so that at NaN RELU6 and HSWISH pass the gradient and HSIGMOID does not; HSWISH and SILU at -inf
// give -inf * 0 = NaN, as torch's x * relu6(x + 3) / 6 and x * sigmoid(x) do. SiLU and GELU run
// in WebAssembly where their tensors live in the shared memory (wasm/elementwise.ts): GELU's
// forward with this file's erf table, to the bit; their e^x is the kernels' own, so the rest is
// within float32's rounding of these loops.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';
import { wasmGelu, wasmGeluBackward, wasmSilu, wasmSiluBackward } from '../wasm/elementwise.js';

type ModernKind = 'relu6' | 'silu' | 'hswish' | 'hsigmoid' | 'gelu';

const SQRT_PI = Math.sqrt(Math.PI);

/** erf to about 1e-14, for the table below (test/exec/erf.test.ts holds erf to that): its Maclaurin
 *  series below |x| = 3 (the largest term costs about 4 of float64's 16 digits), above it the
 *  continued fraction of erfc (Abramowitz & Stegun 7.1.14) from 40 levels; erfc(6) is below 1e-16,
 *  so from 6 on erf is +-1. Up to 45 terms a call: it makes the table, and erf below evaluates it. */
function erfSeries(x: number): number {
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

// erf on [0, 6) as Taylor polynomials of degree ERF_DEGREE about the centres c of 48 pieces an
// eighth wide: the k-th coefficient is erf's k-th derivative at c over k!, that is
// (2/sqrt(pi)) e^(-c^2) (-1)^(k-1) H_(k-1)(c) / k! with H the Hermite polynomials
// (H_(n+1) = 2c H_n - 2n H_(n-1)), and erf(c) itself from erfSeries. Within 3e-15 of erf over
// [-7, 7] (against glibc's, 414,001 points), at a third of the series' time: GELU spent two thirds
// of ConvNeXt's forward pass in it.
// (kernels.as erfAt reads the same layout: keep the two alike)
const ERF_PER_UNIT = 8;
const ERF_DEGREE = 10;
const ERF_END = 6;
let erfTable: Float64Array | null = null;

function erfPolynomials(): Float64Array {
  const stride = ERF_DEGREE + 1;
  const table = new Float64Array(ERF_END * ERF_PER_UNIT * stride);
  for (let i = 0; i < ERF_END * ERF_PER_UNIT; i++) {
    const c = (i + 0.5) / ERF_PER_UNIT;
    const slope = (2 / SQRT_PI) * Math.exp(-c * c);
    table[i * stride] = erfSeries(c);
    let [hermite, before, factorial] = [1, 0, 1]; // H_(k-1), H_(k-2), k!
    for (let k = 1; k <= ERF_DEGREE; k++) {
      factorial *= k;
      table[i * stride + k] = ((k % 2 === 1 ? 1 : -1) * slope * hermite) / factorial;
      [hermite, before] = [2 * c * hermite - 2 * (k - 1) * before, hermite];
    }
  }
  return table;
}

function erfCoefficients(): Float64Array {
  return (erfTable ??= erfPolynomials());
}

export function erf(x: number): number {
  const a = Math.abs(x);
  if (a === 0) return x; // exactly, and with its sign
  if (!(a < ERF_END)) return Number.isNaN(a) ? NaN : Math.sign(x);
  const table = erfCoefficients();
  const piece = Math.floor(a * ERF_PER_UNIT);
  const t = a - (piece + 0.5) / ERF_PER_UNIT;
  const at = piece * (ERF_DEGREE + 1);
  let p = table[at + ERF_DEGREE]!;
  for (let k = ERF_DEGREE - 1; k >= 0; k--) p = p * t + table[at + k]!;
  return x < 0 ? -p : p;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

// The element functions, forward (of x) and backward (of the kept value v and dy).
const relu6 = (x: number): number => (x <= 0 ? 0 : x >= 6 ? 6 : x);
const relu6Backward = (y: number, dy: number): number => (y <= 0 || y >= 6 ? 0 : dy);
const hsigmoid = (x: number): number => (x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6);
const hsigmoidBackward = (y: number, dy: number): number => (y > 0 && y < 1 ? dy / 6 : 0);
const hswish = (x: number): number => (x * Math.min(Math.max(x + 3, 0), 6)) / 6;
const hswishBackward = (x: number, dy: number): number => (x < -3 ? 0 : x <= 3 ? dy * (x / 3 + 0.5) : dy);
const silu = (x: number): number => x * sigmoid(x);
const siluBackward = (x: number, dy: number): number => {
  const s = sigmoid(x);
  return dy * s * (1 + x * (1 - s));
};
const gelu = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
// d/dx x Phi(x) = Phi(x) + x phi(x)
const geluBackward = (x: number, dy: number): number => dy * (0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI));

/** What each backward reads: RELU6 and HSIGMOID their output, the others their input. */
const READS: Record<ModernKind, 'input' | 'output'> = { relu6: 'output', hsigmoid: 'output', hswish: 'input', silu: 'input', gelu: 'input' };

// One loop per kind, each calling its own element function: V8 inlines a call only where a site
// has seen one function, and one loop over a function argument ran hswish at 11 ns an element
// against 2.7 (closures made from one literal share their call sites' feedback, so they do not help).

// x [count] -> y [count]
export function modernForward(kind: ModernKind, count: number, x: Float32Array, y: Float32Array): void {
  if (kind === 'silu' && wasmSilu(count, x, y)) return;
  if (kind === 'gelu' && wasmGelu(count, x, y, erfCoefficients())) return;
  switch (kind) {
    case 'relu6': for (let i = 0; i < count; i++) y[i] = relu6(x[i]!); return;
    case 'hsigmoid': for (let i = 0; i < count; i++) y[i] = hsigmoid(x[i]!); return;
    case 'hswish': for (let i = 0; i < count; i++) y[i] = hswish(x[i]!); return;
    case 'silu': for (let i = 0; i < count; i++) y[i] = silu(x[i]!); return;
    case 'gelu': for (let i = 0; i < count; i++) y[i] = gelu(x[i]!); return;
  }
}

// x, y, dy [count] -> dx [count]
export function modernBackward(kind: ModernKind, count: number, x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  if (kind === 'silu' && wasmSiluBackward(count, x, dy, dx)) return;
  if (kind === 'gelu' && wasmGeluBackward(count, x, dy, dx, erfCoefficients())) return;
  const v = READS[kind] === 'input' ? x : y;
  switch (kind) {
    case 'relu6': for (let i = 0; i < count; i++) dx[i] = relu6Backward(v[i]!, dy[i]!); return;
    case 'hsigmoid': for (let i = 0; i < count; i++) dx[i] = hsigmoidBackward(v[i]!, dy[i]!); return;
    case 'hswish': for (let i = 0; i < count; i++) dx[i] = hswishBackward(v[i]!, dy[i]!); return;
    case 'silu': for (let i = 0; i < count; i++) dx[i] = siluBackward(v[i]!, dy[i]!); return;
    case 'gelu': for (let i = 0; i < count; i++) dx[i] = geluBackward(v[i]!, dy[i]!); return;
  }
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
