// A small seeded generator for weights, inputs, dropout masks and tests: mulberry32 (32-bit state,
// full period 2^32) for uniforms, Box-Muller (Marsaglia's polar form) for normals. Deterministic across platforms, so a seed
// names one network's weights everywhere.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/** A generator made here: it also fills a tensor with normals in one loop (fillNormal). */
interface Generator extends Random {
  fillNormal(out: Float32Array, std: number): void;
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
  // out[i] = normal() * std, the same numbers in the same order, with the state in locals: the
  // closure's variables hold boxed numbers, and VGG16's 138 million weights took 1.6 s that way
  const fill = (out: Float32Array, std: number): void => {
    let s = state;
    let i = 0;
    if (hasSpare && out.length > 0) {
      out[i++] = spare * std;
      hasSpare = false;
    }
    while (i < out.length) {
      s = (s + GOLDEN) >>> 0;
      const u = 2 * uniformOf(s) - 1;
      s = (s + GOLDEN) >>> 0;
      const v = 2 * uniformOf(s) - 1;
      const q = u * u + v * v;
      if (q === 0 || q >= 1) continue;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      out[i++] = u * f * std;
      if (i < out.length) out[i++] = v * f * std;
      else {
        spare = v * f;
        hasSpare = true;
      }
    }
    state = s;
  };
  const generator: Generator = { next, normal, fillNormal: fill };
  return generator;
}

/** Fills `out` with N(0, std^2) samples. He initialisation is std = sqrt(2 / fan_in). */
export function fillNormal(out: Float32Array, random: Random, std: number): void {
  if ('fillNormal' in random) return (random as Generator).fillNormal(out, std);
  for (let i = 0; i < out.length; i++) out[i] = random.normal() * std;
}

/** Fills `out` with uniform samples in [lo, hi). */
export function fillUniform(out: Float32Array, random: Random, lo: number, hi: number): void {
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * random.next();
}
