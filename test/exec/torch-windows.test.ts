// The executor against PyTorch on non-square convolutions and adaptive pooling: the networks of
// test/reference/windows/pytorch.json (bench/torchvision/windows.py, PyTorch 1.13), run by `cnncalc run`'s
// path on the same fixed weights and input, give PyTorch's outputs.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../src/exec/run.js';
import { REFERENCE, analysisOf } from '../helpers.js';
import { expectClose } from './naive.js';

interface TorchRun {
  network: string;
  weights: Record<string, number[]>;
  output_shape: number[];
  output: number[];
}

const reference = JSON.parse(readFileSync(`${REFERENCE}windows/pytorch.json`, 'utf8')) as { networks: TorchRun[] };

// the script's formulas for every parameter (flattened in PyTorch's layout) and the input
const weightValue = (i: number): number => (((i * 37) % 23) - 11) / 23;
const inputValue = (i: number): number => (((i * 13) % 17) - 8) / 8;
const filled = (n: number, value: (i: number) => number): Float32Array => Float32Array.from({ length: n }, (_, i) => value(i));
const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

describe('non-square windows and adaptive pooling match PyTorch', () => {
  it.each(reference.networks.map((r) => [r.network, r] as const))('%s', (_network, r) => {
    const analysis = analysisOf(r.network);
    const weights = new Map(Object.entries(r.weights).map(([name, shape]) => [name, { shape, data: filled(product(shape), weightValue) }]));
    const input = analysis.layers[0]!.output;
    const shape = [1, input.depth, input.height, input.width];
    const result = runNetwork(analysis, { input: { shape, data: filled(product(shape), inputValue) }, weights, seed: 0 });
    expect(result.shape).toEqual(r.output_shape);
    expectClose(result.data, r.output, 1e-5);
  });
});
