// examples/convnext_tiny.cnn against torchvision's own figures (test/reference/torchvision/, counted
// by PyTorch forward hooks: the independent source), block arithmetic by hand, and cnncalc verify
// at inference and through a training step.

import { describe, expect, it } from 'vitest';
import { blockTree, type BlockEntry } from '../../src/analysis/blocks.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf, example } from '../helpers.js';
import { cnncalcWeighted, torchvisionFixture, torchWeighted } from './torchvision-fixture.js';

const fixture = torchvisionFixture('convnext_tiny');
const source = example('convnext_tiny.cnn');
const analysis = analysisOf(source);
const blocks = blockTree(analysis).filter((e): e is BlockEntry => e.kind === 'block');
const blocksNamed = (label: string): BlockEntry[] => blocks.filter((b) => b.label === label);

describe('convnext_tiny (torchvision 0.14, 224x224)', () => {
  it("has torchvision's parameters, BN statistics (none) and MACs", () => {
    const t = analysis.totals;
    expect(t.params).toBe(fixture.params);
    expect(t.params).toBe(28_589_128);
    expect(t.buffers).toBe(fixture.bn_buffers);
    expect(t.macs).toBe(fixture.macs);
  });

  it("has torchvision's convolutions and Linear layers in order: windows, strides, padding, groups, params, MACs", () => {
    expect(cnncalcWeighted(analysis)).toEqual(torchWeighted(fixture));
  });

  it('a block of c channels has 8c^2 + 58c parameters: 79,296 for c = 96, as stage 1 of torchvision has 3 of', () => {
    // depthwise 7x7 (49c + c), LN (2c), c -> 4c (4c^2 + 4c), 4c -> c (4c^2 + c), layer scale (c)
    const byHand = (c: number): number => 49 * c + c + 2 * c + 4 * c * c + 4 * c + 4 * c * c + c + c;
    expect(byHand(96)).toBe(8 * 96 * 96 + 58 * 96);
    expect(byHand(96)).toBe(79_296);
    const stage1 = blocksNamed('block(96)');
    expect(stage1).toHaveLength(3);
    expect(stage1.map((b) => b.subtotals.params)).toEqual([79_296, 79_296, 79_296]);
    expect(3 * byHand(96)).toBe(fixture.where['features.1']!.params);
  });

  it('a block at 56x56x96 does 56*56*(49c + 8c^2) MACs (the MLP counted at every position)', () => {
    const c = 96;
    const macs = 56 * 56 * (49 * c + 8 * c * c);
    expect(macs).toBe(245_962_752);
    expect(blocksNamed('block(96)')[0]!.subtotals.macs).toBe(macs);
    expect(3 * macs).toBe(fixture.where['features.1']!.macs);
  });

  it('a downsample to c channels is LN over c/2 and a 2x2 convolution: c + 2c^2 + c parameters', () => {
    const c = 192;
    expect(blocksNamed('downsample(192)')[0]!.subtotals.params).toBe(c + 2 * c * c + c);
    expect(c + 2 * c * c + c).toBe(fixture.where['features.2']!.params);
  });

  it("the layer scales hold one weight per channel of each block: 3*96 + 3*192 + 9*384 + 3*768", () => {
    const scales = analysis.layers.filter((l) => l.layer.kind === 'scale');
    expect(scales).toHaveLength(3 + 3 + 9 + 3);
    const weights = scales.reduce((sum, l) => sum + l.weights, 0);
    expect(weights).toBe(3 * 96 + 3 * 192 + 9 * 384 + 3 * 768);
    expect(weights).toBe(fixture.params_by_role['layer_scale']);
  });

  it('goes 56x56x96 -> 28x28x192 -> 14x14x384 -> 7x7x768 and ends in 1000 classes', () => {
    const stageOutputs = ['block(96)', 'block(192)', 'block(384)', 'block(768)'].map((label) => blocksNamed(label).at(-1)!.last.output);
    expect(stageOutputs).toEqual([
      { width: 56, height: 56, depth: 96 },
      { width: 28, height: 28, depth: 192 },
      { width: 14, height: 14, depth: 384 },
      { width: 7, height: 7, depth: 768 },
    ]);
    const output = analysis.layers[analysis.network.output]!.output;
    expect([output.width, output.height, output.depth]).toEqual([1, 1, (fixture.output as number[])[1]]);
  });
});

// 224x224 takes about 25 s at inference alone on 2 cores, so both checks run at 32x32, the smallest
// input that keeps every stage (56 -> 7 becomes 8 -> 1).
describe('cnncalc verify on convnext_tiny at 32x32', () => {
  const reduced = source.replace('INPUT [224x224x3]', 'INPUT [32x32x3]');
  it.each([[[]], [['--train']]])('verify %j passes', async (flags: string[]) => {
    expect(reduced).not.toBe(source);
    const run = await cli(['verify', '-', ...flags, '--stdin-filename', 'convnext_tiny (32x32)'], { stdin: reduced });
    expect(run.stdout).toContain('verified: every prediction matches the run');
    expect(run.code).toBe(0);
  });
});
