// The deterministic parameter formula of bench/torchvision/deterministic.md, the TypeScript twin of
// bench/torchvision/deterministic.py. Only 32-bit integer arithmetic (Math.imul, >>>) before u, so both
// languages get the same bits; then double arithmetic in the documented order, rounded to float32.

export const FORMULA_VERSION = 'cnncalc-deterministic-1';

export type Role =
  | 'weight'
  | 'bias'
  | 'norm_weight'
  | 'norm_bias'
  | 'running_mean'
  | 'running_var'
  | 'layer_scale'
  | 'input';

const SALT_START = 0x811c9dc5;
const SALT_PRIME = 0x01000193;
const GOLDEN = 0x9e3779b9;

/** MurmurHash3's 32-bit finaliser. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The tensor's salt: its role's character codes and its (PyTorch) shape, each folded in. */
export function salt(role: Role, shape: readonly number[]): number {
  const folded = [role.length, ...Array.from(role, (c) => c.charCodeAt(0)), shape.length, ...shape];
  let s = SALT_START;
  for (const v of folded) s = fmix32(Math.imul((s ^ v) >>> 0, SALT_PRIME));
  return s;
}

/** The hash of element `index` (row-major, below 2^32) of a tensor with this salt. */
export function hash32(saltValue: number, index: number): number {
  return fmix32((saltValue + Math.imul(index, GOLDEN)) >>> 0);
}

export function unit(role: Role, shape: readonly number[], index: number): number {
  return hash32(salt(role, shape), index) / 2 ** 32;
}

function fanIn(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

function fromUnit(role: Role, shape: readonly number[], u: number): number {
  switch (role) {
    case 'weight':
      return ((u - 0.5) * 4) / Math.sqrt(fanIn(shape));
    case 'bias':
    case 'norm_bias':
    case 'running_mean':
      return (u - 0.5) * 0.2;
    case 'norm_weight':
    case 'running_var':
    case 'layer_scale':
      return 0.5 + u;
    case 'input':
      return (u - 0.5) * 2;
  }
}

/** The float32 value of element `index` of a tensor of this role and shape. */
export function parameterValue(role: Role, shape: readonly number[], index: number): number {
  return Math.fround(fromUnit(role, shape, unit(role, shape, index)));
}

/** Every element of such a tensor, row-major. */
export function fill(role: Role, shape: readonly number[]): Float32Array {
  const s = salt(role, shape);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = fromUnit(role, shape, hash32(s, i) / 2 ** 32);
  return out;
}
