// examples/inception_v3.cnn and googlenet_aux.cnn against torchvision's own figures
// (test/reference/torchvision/, counted by PyTorch forward hooks: the independent source), module
// arithmetic by hand, and cnncalc verify at inference and through a training step.

import { describe, expect, it } from 'vitest';
import type { Analysis, LayerAnalysis } from '../../src/analysis/analyze.js';
import { blockTree, type BlockEntry, type LayerEntry } from '../../src/analysis/blocks.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf, example } from '../helpers.js';
import { cnncalcWeighted, torchvisionFixture as fixtureOf, torchWeighted } from './torchvision-fixture.js';

const topBlocks = (a: Analysis): BlockEntry[] => blockTree(a).filter((e): e is BlockEntry => e.kind === 'block');
const branch = (b: BlockEntry, i: number): BlockEntry => b.children.filter((c): c is BlockEntry => c.kind === 'block')[i]!;
const firstLayer = (e: LayerEntry | BlockEntry): LayerAnalysis => (e.kind === 'layer' ? e.layer : firstLayer(e.children[0]!));
const shape = (a: Analysis, id: number): number[] => [a.layers[id]!.output.width, a.layers[id]!.output.height, a.layers[id]!.output.depth];
// A BasicConv2d of an fh x fw window from cin to c channels: conv weights, then BN's scale and shift.
const basicConv = (fh: number, fw: number, cin: number, c: number): number => fh * fw * cin * c + 2 * c;

describe.each([
  ['inception_v3', 23_834_568],
  ['googlenet_aux', 13_004_888],
])("%s has torchvision's figures", (name, params) => {
  const fixture = fixtureOf(name);
  const a = analysisOf(example(`${name}.cnn`));
  it('params, BN statistics and MACs', () => {
    expect(a.totals.params).toBe(fixture.params);
    expect(a.totals.params).toBe(params);
    expect(a.totals.buffers).toBe(fixture.bn_buffers);
    expect(a.totals.macs).toBe(fixture.macs);
  });

  it('its convolutions and Linear layers in order: windows, strides, padding, groups, params, MACs', () => {
    // GoogLeNet's aux heads run after 4a and 4d in torchvision; cnncalc lists side outputs last.
    expect(cnncalcWeighted(a)).toEqual(torchWeighted(fixture, 'aux'));
  });
});

describe('inception_v3 (torchvision 0.14, 299x299, aux_logits=False)', () => {
  const fixture = fixtureOf('inception_v3');
  const a = analysisOf(example('inception_v3.cnn'));
  const blocks = topBlocks(a);
  const named = (label: string): BlockEntry => blocks.find((b) => b.label === label)!;

  it('Mixed_5b on 35x35x192: 1x1-64, 1x1-48 then 5x5-64, 1x1-64 then two 3x3-96, pool then 1x1-32', () => {
    const byHand =
      basicConv(1, 1, 192, 64) +
      basicConv(1, 1, 192, 48) + basicConv(5, 5, 48, 64) +
      basicConv(1, 1, 192, 64) + basicConv(3, 3, 64, 96) + basicConv(3, 3, 96, 96) +
      basicConv(1, 1, 192, 32);
    expect(byHand).toBe(255_904);
    expect(named('inceptionA(32)').subtotals.params).toBe(byHand);
    expect(byHand).toBe(fixture.where_top['Mixed_5b']!.params);
  });

  it("Mixed_6b's 1x7 convolution keeps 17x17 with 7*128*128 weights and 17*17*128*7*128 MACs", () => {
    const conv = firstLayer(branch(named('inceptionC(128)'), 1).children[1]!); // bconv(1, 7, 128)
    expect([conv.layer.kind, conv.input.depth]).toEqual(['conv', 128]);
    expect(conv.output).toEqual({ width: 17, height: 17, depth: 128 });
    expect(conv.weights).toBe(7 * 128 * 128);
    expect(conv.macs).toBe(17 * 17 * 128 * 7 * 128);
  });

  it('goes 35x35x192 -> 35x35x256 (5b) -> 17x17x768 (6a) -> 8x8x1280 (7a) -> 8x8x2048 (7c) -> 1000', () => {
    const out = (label: string, index = 0): number[] => shape(a, blocks.filter((b) => b.label === label)[index]!.last.node.id);
    expect(shape(a, blocks.filter((b) => b.label === 'maxpool')[1]!.last.node.id)).toEqual([35, 35, 192]);
    expect(out('inceptionA(32)')).toEqual([35, 35, 256]);
    expect(out('inceptionB')).toEqual([17, 17, 768]);
    expect(out('inceptionD')).toEqual([8, 8, 1280]);
    expect(out('inceptionE', 1)).toEqual([8, 8, 2048]);
    expect(shape(a, a.network.output)).toEqual([1, 1, (fixture.output as number[])[1]]);
  });
});

describe('googlenet_aux (torchvision 0.14, 224x224, aux_logits=True)', () => {
  const fixture = fixtureOf('googlenet_aux');
  const a = analysisOf(example('googlenet_aux.cnn'));
  const sides = topBlocks(a).filter((b) => b.label.startsWith('side output'));
  // pool to 4x4, 1x1 BasicConv2d to 128, FC 128*4*4 -> 1024, FC 1024 -> 1000 (each FC with its biases)
  const auxParams = (cin: number): number => basicConv(1, 1, cin, 128) + (2048 * 1024 + 1024) + (1024 * 1000 + 1000);
  const auxMacs = (cin: number): number => 4 * 4 * 128 * cin + 2048 * 1024 + 1024 * 1000;

  it('has two aux heads, on inception 4a (14x14x512) and 4d (14x14x528), with their parameters and MACs by hand', () => {
    expect(sides).toHaveLength(2);
    expect(sides.map((s) => s.subtotals.params)).toEqual([auxParams(512), auxParams(528)]);
    expect(auxParams(512)).toBe(3_188_968);
    expect([auxParams(512), auxParams(528)]).toEqual([fixture.where_top['aux1']!.params, fixture.where_top['aux2']!.params]);
    expect(sides.map((s) => s.subtotals.macs)).toEqual([auxMacs(512), auxMacs(528)]);
    expect([auxMacs(512), auxMacs(528)]).toEqual([fixture.where_top['aux1']!.macs, fixture.where_top['aux2']!.macs]);
    expect(sides.map((s) => s.subtotals.buffers)).toEqual([256, 256]);
  });

  it('is examples/googlenet.cnn plus the two heads', () => {
    const plain = analysisOf(example('googlenet.cnn')).totals;
    expect(plain.params).toBe(6_624_904);
    expect(a.totals.params).toBe(plain.params + auxParams(512) + auxParams(528));
    expect(a.totals.macs).toBe(plain.macs + auxMacs(512) + auxMacs(528));
  });

  it('its output is the main classifier after GAP; the heads end in 1000 classes each', () => {
    const [logits, aux2, aux1] = fixture.output as number[][];
    const main = a.layers[a.network.output]!;
    expect(main.layer.kind).toBe('fc');
    expect(main.input).toEqual({ width: 1, height: 1, depth: 1024 });
    expect(shape(a, a.network.output)).toEqual([1, 1, logits![1]]);
    expect(a.network.sideOutputs.map((id) => shape(a, id))).toEqual([[1, 1, aux1![1]], [1, 1, aux2![1]]]);
    expect(sides.map((s) => firstLayer(s).input)).toEqual([
      { width: 14, height: 14, depth: 512 },
      { width: 14, height: 14, depth: 528 },
    ]);
  });
});

// The full inputs take 17 s (GoogLeNet) and 32 s (Inception v3) at inference alone on 2 cores, so the
// checks run at reduced inputs: 75x75 is the smallest Inception v3 takes (8x8 becomes 1x1); at 64x64
// GoogLeNet's aux heads get a 4x4 map, which their adaptive pool keeps.
describe.each([
  ['inception_v3', 'INPUT [299x299x3]', 'INPUT [75x75x3]'],
  ['googlenet_aux', 'INPUT [224x224x3]', 'INPUT [64x64x3]'],
])('cnncalc verify on %s at a reduced input', (name, full, small) => {
  const source = example(`${name}.cnn`);
  const reduced = source.replace(full, small);
  it.each([[[]], [['--train']]])('verify %j passes', async (flags: string[]) => {
    expect(reduced).not.toBe(source);
    const run = await cli(['verify', '-', ...flags, '--stdin-filename', `${name} (${small})`], { stdin: reduced });
    expect(run.stdout).toContain('verified: every prediction matches the run');
    expect(run.code).toBe(0);
  });
});
