// A small seeded generator for weights, inputs, dropout masks and tests: mulberry32 (32-bit state,
// full period 2^32) for uniforms, Box-Muller (Marsaglia's polar form) for normals. Deterministic
// across platforms, so a seed names one network's weights everywhere.

import { wasmFillUniform } from './wasm/uniform.js';

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/** A generator made here: it also fills a tensor with uniforms in one loop (fillUniform). */
interface Generator extends Random {
  fillUniform(out: Float32Array, lo: number, hi: number): void;
}

const GOLDEN = 0x6d2b79f5;

/** mulberry32's output for the state s (already advanced), in [0, 1). */
function uniformOf(s: number): number {
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spare = 0;
  let hasSpare = false;
  const next = (): number => {
    state = (state + GOLDEN) >>> 0;
    return uniformOf(state);
  };
  // Marsaglia's polar form of Box-Muller: two normals per accepted pair, no trigonometry.
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    for (;;) {
      const u = 2 * next() - 1;
      const v = 2 * next() - 1;
      const q = u * u + v * v;
      if (q === 0 || q >= 1) continue;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      hasSpare = true;
      return u * f;
    }
  };
  // out[i] = lo + (hi - lo) * next(), the same numbers in the same order: in WebAssembly where
  // out lives in its memory (VGG16's 138 million weights, as normals drawn one by one, took 2.9 s of
  // `verify`'s 4.1), else with the state in a local (the closure's variables hold boxed numbers)
  const fill = (out: Float32Array, lo: number, hi: number): void => {
    const span = hi - lo;
    if (wasmFillUniform(out, state, lo, span)) {
      state = (state + Math.imul(out.length, GOLDEN)) >>> 0;
      return;
    }
    let s = state;
    for (let i = 0; i < out.length; i++) {
      s = (s + GOLDEN) >>> 0;
      out[i] = lo + span * uniformOf(s);
    }
    state = s;
  };
  const generator: Generator = { next, normal, fillUniform: fill };
  return generator;
}

/** Fills `out` with uniform samples in [lo, hi). */
export function fillUniform(out: Float32Array, random: Random, lo: number, hi: number): void {
  if ('fillUniform' in random) return (random as Generator).fillUniform(out, lo, hi);
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * random.next();
}

/**
 * He initialisation as PyTorch's kaiming_uniform_(nonlinearity='relu'): uniform in [-b, b) with
 * b = sqrt(6 / fan_in) (rounded to float32, a weight may be b's float32 rounding), whose variance
 * b^2 / 3 is He's 2 / fan_in, so activations keep their scale through a deep stack of ReLU layers.
 * Uniform rather than normal: one draw a weight, no logarithm.
 */
export function fillHe(out: Float32Array, random: Random, fanIn: number): void {
  const bound = Math.sqrt(6 / fanIn);
  fillUniform(out, random, -bound, bound);
}
