// EfficientNet-B0, -B3 and EfficientNetV2-S (examples/efficientnet_*.cnn) against torchvision 0.14's
// own figures (test/reference/torchvision/<name>.json, made by bench/torchvision/count.py with forward
// hooks), one block of each kind worked out by hand, and verify at a reduced input (32x32: the full
// inputs take minutes in the executor; at 32x32 the last stage's map is 1x1).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/analyze.js';
import { verifyAnalysis, type VerifyReport } from '../../src/exec/verify.js';
import { analysisOf, example, REFERENCE } from '../helpers.js';

interface FixtureLayer {
  readonly path: string;
  readonly type: string;
  readonly params?: number;
  readonly bn_buffers?: number;
  readonly macs?: number;
}
interface Fixture {
  readonly params: number;
  readonly bn_buffers: number;
  readonly macs: number;
  readonly output: readonly number[];
  readonly layers: readonly FixtureLayer[];
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(`${REFERENCE}torchvision/${name}.json`, 'utf8'));
const source = (name: string) => example(`${name}.cnn`);
const NAMES = ['efficientnet_b0', 'efficientnet_b3', 'efficientnet_v2_s'];

/** torchvision's figures for one module (its path prefix), summed over the per-layer list. */
function moduleFigures(f: Fixture, prefix: string) {
  const rows = f.layers.filter((l) => l.path.startsWith(`${prefix}.`));
  const sum = (key: 'params' | 'bn_buffers' | 'macs') => rows.reduce((s, l) => s + (l[key] ?? 0), 0);
  return { params: sum('params'), buffers: sum('bn_buffers'), macs: sum('macs') };
}

/** The example's bindings with another network: one block on its own input, or the whole at a
 *  smaller input. */
const bindingsOf = (name: string) => source(name).slice(0, source(name).search(/^INPUT /m));
const blockAlone = (name: string, network: string) => analysisOf(`${bindingsOf(name)}${network}\n`);
const reduced = (name: string) => analysisOf(source(name).replace(/^INPUT \[\d+x\d+x3\]/m, 'INPUT [32x32x3]'));

const totalsOf = (a: Analysis) => ({ params: a.totals.params, buffers: a.totals.buffers, macs: a.totals.macs });
const bn = (c: number) => 2 * c;
const se = (c: number, r: number) => 2 * (c * r) + r + c;
const seMacs = (c: number, r: number) => 2 * c * r;

describe('EfficientNet examples: torchvision 0.14\'s params, BN statistics and MACs', () => {
  it.each(NAMES)('%s', (name) => {
    const f = fixture(name);
    const a = analysisOf(source(name));
    expect(totalsOf(a)).toEqual({ params: f.params, buffers: f.bn_buffers, macs: f.macs });
    expect(a.layers.at(-1)!.output).toEqual({ width: 1, height: 1, depth: f.output[1] });
  });
});

describe('one block of each kind, by hand', () => {
  it('B0 stage 1 (features.1.0, e = 1): depthwise 3x3 on 112x112x32, SE to 32/4 = 8, 1x1 to 16', () => {
    const params = 3 * 3 * 32 + bn(32) + se(32, 8) + 32 * 16 + bn(16);
    const macs = 112 * 112 * 32 * 9 + seMacs(32, 8) + 112 * 112 * 32 * 16;
    expect([params, macs]).toEqual([1448, 10_035_712]);
    expect(moduleFigures(fixture('efficientnet_b0'), 'features.1.0')).toEqual({ params, buffers: bn(32) + bn(16), macs });
    expect(totalsOf(blockAlone('efficientnet_b0', 'INPUT [112x112x32] => dsconv(32, 16)'))).toEqual({ params, buffers: bn(32) + bn(16), macs });
  });

  it('B3 stage 6 (features.6.1): MBConv 232 -> 1392 -> 232, 5x5 depthwise on 10x10, SE to 232/4 = 58, residual', () => {
    const c = 232 * 6;
    const params = 232 * c + bn(c) + 5 * 5 * c + bn(c) + se(c, 58) + c * 232 + bn(232);
    const macs = 100 * (232 * c + 25 * c + c * 232) + seMacs(c, 58);
    expect(moduleFigures(fixture('efficientnet_b3'), 'features.6.1')).toEqual({ params, buffers: bn(c) * 2 + bn(232), macs });
    expect(totalsOf(blockAlone('efficientnet_b3', 'INPUT [10x10x232] => mbres(232, 6, 5)'))).toEqual({ params, buffers: bn(c) * 2 + bn(232), macs });
  });

  it('V2-S stage 2 (features.2.1): FusedMBConv, a full 3x3 48 -> 192 and a 1x1 back to 48 on 96x96, no SE', () => {
    const params = 3 * 3 * 48 * 192 + bn(192) + 192 * 48 + bn(48);
    const macs = 96 * 96 * (9 * 48 * 192 + 192 * 48);
    expect(moduleFigures(fixture('efficientnet_v2_s'), 'features.2.1')).toEqual({ params, buffers: bn(192) + bn(48), macs });
    expect(totalsOf(blockAlone('efficientnet_v2_s', 'INPUT [96x96x48] => fused_res(48, 4)'))).toEqual({ params, buffers: bn(192) + bn(48), macs });
  });

  it('V2-S stage 6 (features.6.1): MBConv 256 -> 1536 -> 256 on 12x12, SE to 256/4 = 64', () => {
    const c = 256 * 6;
    const params = 256 * c + bn(c) + 9 * c + bn(c) + se(c, 64) + c * 256 + bn(256);
    expect(params).toBe(1_005_120);
    const macs = 144 * (256 * c + 9 * c + c * 256) + seMacs(c, 64);
    expect(moduleFigures(fixture('efficientnet_v2_s'), 'features.6.1')).toEqual({ params, buffers: bn(c) * 2 + bn(256), macs });
    expect(totalsOf(blockAlone('efficientnet_v2_s', 'INPUT [12x12x256] => mbconv_res(256, 6)'))).toEqual({ params, buffers: bn(c) * 2 + bn(256), macs });
  });
});

describe('shapes', () => {
  /** Output widths of the stride-2 convolutions, in order. */
  const downsamplings = (a: Analysis) => a.layers.filter((l) => l.layer.kind === 'conv' && l.layer.args['sh'] === 2).map((l) => l.output.width);

  it('B3 at 300: floor((W + 2p - f)/2) + 1 with p = (f-1)/2 gives 150, 75, 38, 19, 10', () => {
    const out = (w: number, f: number) => Math.floor((w + (f - 1) - f) / 2) + 1;
    const widths = [out(300, 3), out(150, 3), out(75, 5), out(38, 3), out(19, 5)];
    expect(widths).toEqual([150, 75, 38, 19, 10]);
    expect(downsamplings(analysisOf(source('efficientnet_b3')))).toEqual(widths);
  });

  it('V2-S at 384: five halvings to 12x12, then the head widens to 1280 (torchvision\'s avgpool input [1, 1280, 12, 12])', () => {
    const a = analysisOf(source('efficientnet_v2_s'));
    expect(downsamplings(a)).toEqual([192, 96, 48, 24, 12]);
    const gap = a.layers.findIndex((l) => l.output.width === 1 && l.input.depth === 1280);
    expect(a.layers[gap]!.input).toEqual({ width: 12, height: 12, depth: 1280 });
  });
});

function failures(r: VerifyReport): string[] {
  return [
    ...r.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k, v]) => `${l.id} ${l.text} ${k}: ${JSON.stringify(v)}`)),
    ...r.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${JSON.stringify(m)}`),
  ];
}

describe('verify at 32x32 (the INPUT line replaced)', () => {
  it.each(NAMES)('%s at inference, batch 1', (name) => {
    const r = verifyAnalysis(reduced(name), { batch: 1, seed: 5, train: false, optimizer: 'sgd' });
    expect(failures(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  // batch 2: the last stages' maps are 1x1, and BN in training needs more than one value per channel
  it.each(NAMES)('%s through a training step (adam), batch 2', (name) => {
    const r = verifyAnalysis(reduced(name), { batch: 2, seed: 5, train: true, optimizer: 'adam' });
    expect(failures(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
