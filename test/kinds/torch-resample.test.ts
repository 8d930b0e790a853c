// The executor's UPSAMPLE and CONVT kernels against PyTorch 1.13's own outputs on small inputs
// (test/reference/resample/torch.json, made by bench/torchvision/upsample.py), and the analysis' shapes,
// parameters and MACs against the figures the same script took from the modules and a forward hook.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convTForward, convTKernels } from '../../src/exec/kernels/convt.js';
import { runNetwork } from '../../src/exec/run.js';
import { upsampleForward } from '../../src/exec/kernels/upsample.js';
import type { ConvTArgs, UpsampleArgs } from '../../src/layers/types.js';
import { analysisOf } from '../helpers.js';

interface Case {
  readonly notation: string;
  readonly input: readonly [number, number, number, number];
  readonly x: readonly number[];
  readonly output: readonly [number, number, number, number];
  readonly y: readonly number[];
  readonly saved_tensors: readonly string[];
}
interface ConvTCase extends Case {
  readonly weight: readonly number[];
  readonly bias: readonly number[] | null;
  readonly params: number;
  readonly macs_per_image: number;
  readonly adjoint_conv_macs: number;
}

interface NetworkCase extends Case {
  readonly state_dict: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: readonly number[] }>>;
}

const reference = JSON.parse(readFileSync(new URL('../reference/resample/torch.json', import.meta.url), 'utf8')) as {
  upsample: Case[];
  convt: ConvTCase[];
  network: NetworkCase;
};

/** The layer after INPUT, analysed for one image of the case's input. */
function layerOf(c: Case) {
  const [, C, H, W] = c.input;
  return analysisOf(`INPUT [${W}x${H}x${C}] => ${c.notation}`).layers[1]!;
}

function expectClose(actual: Float32Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const worst = expected.reduce((m, v, i) => Math.max(m, Math.abs(v - actual[i]!)), 0);
  expect(worst).toBeLessThan(1e-5);
}

describe('UPSAMPLE against torch.nn.Upsample', () => {
  for (const c of reference.upsample) {
    it(c.notation, () => {
      const l = layerOf(c);
      const [N, C, H, W] = c.input;
      const [, , outH, outW] = c.output;
      expect(l.output).toEqual({ width: outW, height: outH, depth: C });
      const y = new Float32Array(N * C * outH * outW);
      upsampleForward(l.layer.args as UpsampleArgs, N * C, H, W, outH, outW, Float32Array.from(c.x), y);
      expectClose(y, c.y);
      expect(c.saved_tensors).toEqual([]); // the training facts: it keeps nothing
    });
  }
});

describe('CONVT against torch.nn.ConvTranspose2d', () => {
  for (const c of reference.convt) {
    it(c.notation, () => {
      const l = layerOf(c);
      const [N, C, H, W] = c.input;
      const [, k, outH, outW] = c.output;
      expect(l.output).toEqual({ width: outW, height: outH, depth: k });
      expect(l.params).toBe(c.params);
      expect(l.macs).toBe(c.macs_per_image);
      expect(l.macs).toBe(c.adjoint_conv_macs);
      const plan = convTKernels.plan({ kind: 'convt', args: l.layer.args as ConvTArgs }, [{ c: C, h: H, w: W }]);
      const y = new Float32Array(N * k * outH * outW);
      const bias = c.bias ? Float32Array.from(c.bias) : null;
      const macs = convTForward(plan.geometry!, N, Float32Array.from(c.x), Float32Array.from(c.weight), bias, y, new Float32Array(plan.columns));
      expectClose(y, c.y);
      expect(macs).toBe(N * c.macs_per_image);
      expect(c.saved_tensors).toEqual(['_saved_input', '_saved_weight']); // it reads its input
    });
  }
});

describe('a small encoder-decoder through the executor, with the weights PyTorch made', () => {
  it('gives the output of the torch.nn modules written by hand, loading their state dict by its names and layouts', () => {
    const n = reference.network;
    const weights = new Map(Object.entries(n.state_dict).map(([name, t]) => [name, { shape: t.shape, data: Float32Array.from(t.data) }]));
    const run = runNetwork(analysisOf(n.notation), { input: { shape: n.input, data: Float32Array.from(n.x) }, weights, seed: 0 });
    expect(run.shape).toEqual(n.output);
    expectClose(run.data, n.y);
  });
});
