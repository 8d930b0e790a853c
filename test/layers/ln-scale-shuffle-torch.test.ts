// LN, SCALE and SHUFFLE against PyTorch 1.13 / torchvision 0.14: the executor's kernels on the inputs
// bench/torchvision/ln_scale_shuffle.py gave torchvision's LayerNorm2d, CNBlock's layer scale and
// ShuffleNetV2's channel_shuffle, their outputs and gradients as torch printed them; and the kinds'
// training facts against what autograd saved (grad_fn._saved_*) and what its backward allocated
// (torch.profiler). Regenerate the fixture with the command in the script's docstring.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lnBackward, lnForward } from '../../src/exec/kernels/ln.js';
import { scaleBackward, scaleForward } from '../../src/exec/kernels/scale.js';
import { shuffleBackward, shuffleForward } from '../../src/exec/kernels/shuffle.js';
import { ln } from '../../src/layers/ln.js';
import { scale } from '../../src/layers/scale.js';
import { shuffle } from '../../src/layers/shuffle.js';
import type { Saving, Shape } from '../../src/layers/types.js';
import { expectClose } from '../exec/naive.js';
import { ROOT } from '../helpers.js';

interface Run { readonly y: number[]; readonly dx: number[]; readonly dweight?: number[]; readonly dbias?: number[] }
interface Allocation { readonly bytes: number; readonly shapes: number[][] }
interface Case {
  readonly dims: [number, number, number, number];
  readonly x: number[];
  readonly dy: number[];
  readonly weight?: number[];
  readonly bias?: number[];
  readonly torch: Run;
  readonly export: Run;
}
interface Fixture {
  readonly ln: (Case & { eps: number; saved: Record<string, number[]>; saved_input_is_a_view_of_the_input: boolean; backward_contiguous_bytes: Allocation[] })[];
  readonly scale: (Case & { saved: Record<string, number[]>; export_init: number[]; backward_mul_bytes: Allocation[] })[];
  readonly shuffle: (Case & { g: number; graph: [string, Record<string, number[]>][] })[];
}

const fixture = JSON.parse(readFileSync(`${ROOT}test/layers/fixtures/ln-scale-shuffle.torch.json`, 'utf8')) as Fixture;
const f32 = (v: readonly number[]): Float32Array => Float32Array.from(v);
const product = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** The profiler's 4 x 64 x 8 x 8 float32 tensor, per image. */
const PROFILED: Shape = { width: 8, height: 8, depth: 64 };
const scratchOf = (def: typeof ln | typeof scale, saving: Saving): number =>
  def.training.scratch!({} as never, PROFILED, PROFILED, { saving, channelBlock: null, inputGradient: true }).elements;

describe.each(fixture.ln)('LN(eps=$eps) as torchvision LayerNorm2d', (c) => {
  const [N, C, H, W] = c.dims;
  const HW = H * W;

  it('gives its output and gradients', () => {
    const x = f32(c.x);
    const y = new Float32Array(x.length);
    const mean = new Float32Array(N * HW);
    const rstd = new Float32Array(N * HW);
    lnForward(c.eps, N, C, HW, x, f32(c.weight!), f32(c.bias!), y, mean, rstd);
    expectClose(y, c.torch.y, 1e-5);
    const dWeight = new Float32Array(C);
    const dBias = new Float32Array(C);
    const dx = new Float32Array(x.length);
    lnBackward(N, C, HW, x, f32(c.weight!), mean, rstd, f32(c.dy), dWeight, dBias, dx);
    expectClose(dx, c.torch.dx, 1e-4);
    expectClose(dWeight, c.torch.dweight!, 1e-5);
    expectClose(dBias, c.torch.dbias!, 1e-5);
    expectClose(f32(c.export.y), c.torch.y, 1e-6); // the export prelude's LayerNorm2d, run in torch
  });

  it('keeps what native_layer_norm saves: a view of its input, the mean and rstd per position', () => {
    expect(c.saved_input_is_a_view_of_the_input).toBe(true);
    expect(c.saved['input']).toEqual([N, H, W, C]); // the permuted view, not a copy
    expect(ln.training.reads({ eps: c.eps }, 'pytorch')).toEqual({ input: true, output: false });
    const perImage = (product(c.saved['result1']!) + product(c.saved['result2']!)) / N; // [N, H, W, 1] twice
    for (const saving of ['pytorch', 'executor'] as const) {
      expect(ln.training.keeps({ eps: c.eps }, { width: W, height: H, depth: C }, { width: W, height: H, depth: C }, saving)).toEqual([{ what: 'ln statistics', elements: perImage, element: 'activation' }]);
    }
  });

  it("copies its input once in PyTorch's backward", () => {
    const copies = c.backward_contiguous_bytes.filter((a) => a.bytes > 0);
    expect(copies).toEqual([{ bytes: 4 * 64 * 8 * 8 * 4, shapes: [[4, 8, 8, 64], []] }]);
    expect(scratchOf(ln, 'pytorch') * 4 * 4).toBe(copies[0]!.bytes); // elements per image * batch 4 * 4 bytes
    expect(scratchOf(ln, 'executor')).toBe(0);
  });
});

describe.each(fixture.scale)('SCALE as torchvision CNBlock.layer_scale', (c) => {
  const [N, C, H, W] = c.dims;
  const HW = H * W;

  it('gives its output and gradients', () => {
    const x = f32(c.x);
    const y = new Float32Array(x.length);
    scaleForward(N, C, HW, x, f32(c.weight!), y);
    expectClose(y, c.torch.y, 1e-6);
    const dWeight = new Float32Array(C);
    const dx = new Float32Array(x.length);
    scaleBackward(N, C, HW, x, f32(c.weight!), f32(c.dy), dWeight, dx);
    expectClose(dx, c.torch.dx, 1e-6);
    expectClose(dWeight, c.torch.dweight!, 1e-5);
    expectClose(f32(c.export.y), c.torch.y, 1e-6);
    expect(c.export_init).toEqual(Array(C).fill(Math.fround(1e-6))); // LayerScale(d, init=1e-6)
  });

  it('reads its input (MulBackward0 saves it) and, under PyTorch, forms dy * x at full size', () => {
    expect(c.saved).toEqual({ other: [N, C, H, W], self: [C, 1, 1] });
    expect(scale.training.reads({ init: 1e-6 }, 'pytorch')).toEqual({ input: true, output: false });
    const product = c.backward_mul_bytes.filter((a) => a.shapes.length === 2 && a.shapes.every((s) => s.join() === '4,64,8,8'));
    expect(product).toEqual([{ bytes: 4 * 64 * 8 * 8 * 4, shapes: [[4, 64, 8, 8], [4, 64, 8, 8]] }]);
    expect(scratchOf(scale, 'pytorch') * 4 * 4).toBe(product[0]!.bytes);
    expect(scratchOf(scale, 'executor')).toBe(0);
  });
});

describe.each(fixture.shuffle)('SHUFFLE(g=$g) as torchvision channel_shuffle', (c) => {
  const [N, C, H, W] = c.dims;

  it('moves every element where torch does, and its gradient back', () => {
    const y = new Float32Array(c.x.length);
    shuffleForward(c.g, N, C, H * W, f32(c.x), y);
    expect([...y]).toEqual(c.torch.y);
    const dx = new Float32Array(c.x.length);
    shuffleBackward(c.g, N, C, H * W, f32(c.dy), dx);
    expect([...dx]).toEqual(c.torch.dx);
    expect(c.export.y).toEqual(c.torch.y);
  });

  it('saves no tensor for its backward', () => {
    expect(c.graph.map(([name]) => name)).toEqual(['ViewBackward0', 'CloneBackward0', 'TransposeBackward0', 'ViewBackward0']);
    expect(c.graph.every(([, saved]) => Object.keys(saved).length === 0)).toBe(true);
    expect(shuffle.training.reads({ g: c.g }, 'pytorch')).toEqual({ input: false, output: false });
    expect(shuffle.training.keeps({ g: c.g }, { width: W, height: H, depth: C }, { width: W, height: H, depth: C }, 'pytorch')).toEqual([]);
  });
});
