// Naive references of the v3 activations, written from PyTorch 1.13's documented formulas (torch.nn
// ReLU6, SiLU, Hardswish, Hardsigmoid, GELU) in float64, sharing nothing with src/exec/kernels:
// relu6(x) = min(max(0, x), 6); silu(x) = x * sigmoid(x); hardswish(x) = x * relu6(x + 3) / 6;
// hardsigmoid(x) = relu6(x + 3) / 6; gelu(x) = x * Phi(x), Phi the standard normal distribution
// function, here Phi(x) = 1/2 + the integral of the normal density from 0 to x by Simpson's rule
// (the kernel's erf is a series and a continued fraction: another route).

import type { Naive } from './case.js';
import { pointwise } from './naive-elements.js';

const relu6 = (v: number): number => Math.min(Math.max(0, v), 6);
const density = (t: number): number => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);

/** Phi(x) by composite Simpson's rule over [0, x] with 2000 intervals (error ~ h^4, far below float32's). */
function normalCdf(x: number): number {
  const n = 2000;
  const h = x / n;
  let s = density(0) + density(x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * density(i * h);
  return 0.5 + (s * h) / 3;
}

export const naiveRelu6: Naive<'relu6'> = pointwise(relu6);
export const naiveSilu: Naive<'silu'> = pointwise((v) => v / (1 + Math.exp(-v)));
export const naiveHswish: Naive<'hswish'> = pointwise((v) => (v * relu6(v + 3)) / 6);
export const naiveHsigmoid: Naive<'hsigmoid'> = pointwise((v) => relu6(v + 3) / 6);
export const naiveGelu: Naive<'gelu'> = pointwise((v) => v * normalCdf(v));
