// The v3 activations' kernels against PyTorch 1.13's own figures: outputs and input gradients
// (y.backward(ones)) at inputs that include the edges of the piecewise functions (-3, 0, 3, 6),
// float32 on CPU, printed by bench/torchvision/activations.py and pasted here as printed (9
// significant digits). The kernels are one float32 rounding away from them.

import { describe, expect, it } from 'vitest';
import { modernBackward, modernForward } from '../../src/exec/kernels/activations-modern.js';
import { expectClose } from './naive.js';

const INPUTS = [-7.0, -3.5, -3.0, -2.0, -1.5, -0.75, -0.25, 0.0, 0.3, 1.0, 2.5, 3.0, 4.0, 6.0, 7.25];

const TORCH = {
  relu6: {
    y: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.300000012, 1.0, 2.5, 3.0, 4.0, 6.0, 6.0],
    dx: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0],
  },
  silu: {
    y: [-0.00637735846, -0.102592811, -0.142277613, -0.238405839, -0.273638278, -0.240615964, -0.109455876, 0.0, 0.172332764, 0.731058598, 2.31035447, 2.85772252, 3.92805505, 5.98516464, 7.2448554],
    dx: [-0.00546049699, -0.0702733472, -0.0881041065, -0.0907842517, -0.0412941612, 0.157400042, 0.376289994, 0.5, 0.647780061, 0.927670538, 1.09940112, 1.08810413, 1.05266464, 1.01232624, 1.00443161],
  },
  hswish: {
    y: [-0.0, -0.0, -0.0, -0.333333343, -0.375, -0.28125, -0.114583336, 0.0, 0.165000007, 0.666666687, 2.29166675, 3.0, 4.0, 6.0, 7.25],
    dx: [0.0, 0.0, -0.5, -0.166666687, 0.0, 0.25, 0.416666657, 0.5, 0.600000024, 0.833333373, 1.33333325, 1.5, 1.0, 1.0, 1.0],
  },
  hsigmoid: {
    y: [0.0, 0.0, 0.0, 0.166666672, 0.25, 0.375, 0.458333343, 0.5, 0.550000012, 0.666666687, 0.916666687, 1.0, 1.0, 1.0, 1.0],
    dx: [0.0, 0.0, 0.0, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.0, 0.0, 0.0, 0.0],
  },
  gelu: {
    y: [0.0, -0.000814333558, -0.00404986739, -0.0455000997, -0.10021086, -0.169970468, -0.100323431, 0.0, 0.185373425, 0.841344714, 2.48447585, 2.99595022, 3.99987316, 6.0, 7.25],
    dx: [0.0, -0.00282171369, -0.0119456053, -0.0852318704, -0.127469152, 0.000774204731, 0.304626703, 0.5, 0.732327759, 1.08331537, 1.03761101, 1.01194561, 1.00050366, 1.0, 1.0],
  },
} as const;

describe.each(Object.keys(TORCH) as (keyof typeof TORCH)[])('%s', (kind) => {
  const n = INPUTS.length;
  const x = new Float32Array(INPUTS);
  const y = new Float32Array(n);
  modernForward(kind, n, x, y);

  it('forward matches torch', () => expectClose(y, TORCH[kind].y, 1e-6));

  // exactly 0 or 1 on the flat and linear pieces of RELU6, HSWISH and HSIGMOID; GELU's tails are not
  // exact (torch's float32 erf(-7/sqrt 2) is -1, so its gradient is 0; the kernel's is -6.3e-11)
  it('backward (dy = 1) matches torch, the piecewise gradients exactly', () => {
    const dx = new Float32Array(n);
    modernBackward(kind, n, x, y, new Float32Array(n).fill(1), dx);
    expectClose(dx, TORCH[kind].dx, 1e-6);
    if (kind === 'silu' || kind === 'gelu') return;
    const exact = TORCH[kind].dx.map((d, i) => (d === 0 || d === 1 ? i : -1)).filter((i) => i >= 0);
    for (const i of exact) expect(dx[i], `x = ${INPUTS[i]}`).toBe(TORCH[kind].dx[i]);
  });
});

// NaN, inf, -inf: printed by the same script ('non-finite inputs')
const NON_FINITE = {
  relu6: { y: [NaN, 6, 0], dx: [1, 0, 0] },
  silu: { y: [NaN, Infinity, NaN], dx: [NaN, NaN, NaN] },
  hswish: { y: [NaN, Infinity, NaN], dx: [1, 1, 0] },
  hsigmoid: { y: [NaN, 1, 0], dx: [0, 0, 0] },
  gelu: { y: [NaN, Infinity, NaN], dx: [NaN, NaN, NaN] },
} as const;

it.each(Object.keys(NON_FINITE) as (keyof typeof NON_FINITE)[])('%s: NaN and infinities as torch gives them', (kind) => {
  const x = new Float32Array([NaN, Infinity, -Infinity]);
  const y = new Float32Array(3);
  const dx = new Float32Array(3);
  modernForward(kind, 3, x, y);
  modernBackward(kind, 3, x, y, new Float32Array([1, 1, 1]), dx);
  expect({ y: [...y], dx: [...dx] }).toEqual(NON_FINITE[kind]);
});
