// Finite-difference checking for the backward kernels: the scalar L = sum(y * r) for a fixed random
// r, so dL/dy = r; the numeric derivative is the central difference (L(v + eps) - L(v - eps)) / 2eps
// summed in float64, at a sample of coordinates of each tensor.

import { expect } from 'vitest';
import { createRandom } from '../../src/exec/random.js';

export function weighted(y: Float32Array, r: Float32Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += y[i]! * r[i]!;
  return s;
}

/**
 * `loss()` recomputes L from the current contents of the tensors; `grads[i]` is the analytic
 * gradient of `tensors[i]`. Checks `samples` coordinates of each tensor.
 */
export function checkGradients(
  name: string, tensors: Float32Array[], grads: Float32Array[], loss: () => number,
  { eps = 1e-2, tolerance = 2e-2, samples = 24, seed = 1 } = {},
): void {
  const r = createRandom(seed);
  tensors.forEach((t, ti) => {
    const n = t.length;
    const picks = n <= samples ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: samples }, () => Math.floor(r.next() * n));
    for (const i of picks) {
      const v = t[i]!;
      t[i] = v + eps;
      const up = loss();
      t[i] = v - eps;
      const down = loss();
      t[i] = v;
      // the perturbation as float32 actually stored it
      const h = (Math.fround(v + eps) - Math.fround(v - eps));
      const numeric = (up - down) / h;
      const analytic = grads[ti]![i]!;
      const ok = Math.abs(numeric - analytic) <= tolerance * Math.max(1, Math.abs(numeric), Math.abs(analytic));
      if (!ok) expect.fail(`${name}: tensor ${ti} element ${i}: analytic ${analytic}, numeric ${numeric}`);
    }
  });
}
