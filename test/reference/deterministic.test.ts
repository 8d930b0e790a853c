import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE } from '../helpers.js';
import {
  FORMULA_VERSION,
  fill,
  fmix32,
  hash32,
  parameterValue,
  salt,
  unit,
  type Role,
} from './torchvision/deterministic.js';

// Pasted from `/usr/bin/python3 bench/torchvision/deterministic.py` (Python ints with 32-bit masks, and
// numpy's float64 -> float32 rounding), so the TypeScript twin is checked against the other implementation.
const PYTHON_FMIX32: [number, number][] = [
  [0x00000000, 0x00000000],
  [0x00000001, 0x514e28b7],
  [0x80000000, 0x6d3c65a0],
  [0xffffffff, 0x81f16f39],
];

interface PythonCheck {
  role: Role;
  shape: number[];
  salt: number;
  index: number;
  hash: number;
  u: number;
  value: number;
}

const check = (role: Role, shape: number[], s: number, index: number, hash: number, u: number, value: number) =>
  ({ role, shape, salt: s, index, hash, u, value }) satisfies PythonCheck;

const PYTHON_VALUES: PythonCheck[] = [
  check('weight', [16, 3, 3, 3], 0x1c0da277, 0, 0x6203d64e, 0.38287104992195964, -0.09016590565443039),
  check('weight', [16, 3, 3, 3], 0x1c0da277, 1, 0x44b5d12d, 0.2683993086684495, -0.17828629910945892),
  check('weight', [16, 3, 3, 3], 0x1c0da277, 2, 0x71a3c777, 0.4439053216483444, -0.04318170249462128),
  check('weight', [16, 3, 3, 3], 0x1c0da277, 431, 0x4e79cc98, 0.3065460082143545, -0.1489209532737732),
  check('weight', [1000, 1024], 0x69d4d17f, 0, 0x031874bd, 0.012091919081285596, -0.06098851189017296),
  check('weight', [1000, 1024], 0x69d4d17f, 1023, 0x1f53eb68, 0.12237426079809666, -0.04720321670174599),
  check('weight', [1000, 1024], 0x69d4d17f, 1023999, 0x7eef89da, 0.49584256717935205, -0.0005196791025809944),
  check('bias', [16], 0x4405bed6, 0, 0xaefe3859, 0.6835665910039097, 0.03671331703662872),
  check('bias', [16], 0x4405bed6, 15, 0xc3b0d552, 0.7644170117564499, 0.05288340151309967),
  check('norm_weight', [96], 0x3aa7a0f1, 0, 0x17289740, 0.09046311676502228, 0.5904631018638611),
  check('norm_weight', [96], 0x3aa7a0f1, 95, 0xf694f31c, 0.9632102912291884, 1.4632103443145752),
  check('norm_bias', [96], 0x86816f0c, 0, 0x277dd5e0, 0.15426384657621384, -0.06914722919464111),
  check('running_mean', [16], 0x87f6b4f1, 3, 0x2b0a3d5c, 0.16812499519437551, -0.0663750022649765),
  check('running_var', [16], 0x922f99e2, 3, 0x59d7c961, 0.3509488927666098, 0.8509488701820374),
  check('layer_scale', [96, 1, 1], 0x62e2e02d, 0, 0x318f88fe, 0.19359642220661044, 0.6935964226722717),
  check('layer_scale', [96, 1, 1], 0x62e2e02d, 95, 0x955161b0, 0.583273034542799, 1.0832730531692505),
  check('input', [2, 3, 64, 64], 0xca755ffe, 0, 0x85087700, 0.5196604132652283, 0.03932082653045654),
  check('input', [2, 3, 64, 64], 0xca755ffe, 12287, 0x8d86da3f, 0.5528389362152666, 0.10567787289619446),
  check('input', [2, 3, 64, 64], 0xca755ffe, 24575, 0x0525d94f, 0.02010877779684961, -0.9597824215888977),
];

describe('the deterministic parameter formula (TypeScript twin of bench/torchvision/deterministic.py)', () => {
  it('finalises as MurmurHash3 fmix32 does, bit for bit with Python', () => {
    for (const [h, expected] of PYTHON_FMIX32) expect(fmix32(h)).toBe(expected);
  });

  it('gives the salt, hash, u and float32 value Python prints', () => {
    for (const c of PYTHON_VALUES) {
      expect(salt(c.role, c.shape)).toBe(c.salt);
      expect(hash32(c.salt, c.index)).toBe(c.hash);
      expect(unit(c.role, c.shape, c.index)).toBe(c.u);
      expect(parameterValue(c.role, c.shape, c.index)).toBe(c.value);
      expect(fill(c.role, c.shape)[c.index]).toBe(c.value);
    }
  });

  // Each numerics fixture lists every tensor the network was filled with (numpy's vectorised fill), with its
  // salt and first values: the formula must give them for every role and shape torchvision uses.
  const dir = `${REFERENCE}torchvision/numerics/`;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(`reproduces the salts and first values of every tensor in numerics/${file}`, () => {
      const fixture = JSON.parse(readFileSync(dir + file, 'utf8'));
      expect(fixture.formula).toBe(FORMULA_VERSION);
      const { batch, channels, height, width } = fixture.input;
      const tensors = [{ ...fixture.input, shape: [batch, channels, height, width] }, ...fixture.tensors];
      for (const t of tensors.filter((t) => t.role !== null)) {
        expect(salt(t.role, t.shape), t.name).toBe(Number(t.salt));
        const first = t.first.map((_: number, i: number) => parameterValue(t.role, t.shape, i));
        expect(first, t.name).toEqual(t.first.map(Math.fround));
      }
    });
  }
});
