// A small seeded generator for weights, inputs, dropout masks and tests: mulberry32 (32-bit state,
// full period 2^32) for uniforms, Box-Muller (Marsaglia's polar form) for normals. Deterministic across platforms, so a seed
// names one network's weights everywhere.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Marsaglia's polar form of Box-Muller: two normals per accepted pair, no trigonometry.
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * next() - 1;
      const v = 2 * next() - 1;
      const q = u * u + v * v;
      if (q === 0 || q >= 1) continue;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      return u * f;
    }
  };
  return { next, normal };
}

/** Fills `out` with N(0, std^2) samples. He initialisation is std = sqrt(2 / fan_in). */
export function fillNormal(out: Float32Array, random: Random, std: number): void {
  for (let i = 0; i < out.length; i++) out[i] = random.normal() * std;
}

/** Fills `out` with uniform samples in [lo, hi). */
export function fillUniform(out: Float32Array, random: Random, lo: number, hi: number): void {
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * random.next();
}
