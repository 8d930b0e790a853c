// fcn_resnet50 and deeplabv3_resnet50: the examples against torchvision's own figures (PyTorch's
// forward hooks and a torch.fx trace, never cnncalc: test/reference/torchvision/README.md), a few
// parts worked out by hand, and verify's run of each at inference and through a training step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/analyze.js';
import { verifyAnalysis, type VerifyReport } from '../../src/exec/verify.js';
import { analysisOf, example, REFERENCE } from '../helpers.js';

interface Figures { readonly params: number; readonly bn_buffers: number; readonly macs: number }
interface TraceRow {
  readonly type: string;
  readonly args: { readonly stride: number[]; readonly padding: number[]; readonly dilation: number[] };
  readonly output: number[];
  readonly params: number;
  readonly macs: number;
}
interface Fixture extends Figures {
  readonly output: { readonly out: readonly number[] };
  readonly where_top: Readonly<Record<string, Figures>>;
  readonly layers: readonly TraceRow[];
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(`${REFERENCE}torchvision/${name}.json`, 'utf8')) as Fixture;

/** Every convolution in forward order, as [depth, side, stride, padding, dilation, params, MACs]. */
const cnncalcConvs = (a: Analysis) => a.layers.filter((l) => l.layer.kind === 'conv').map((l) => {
  const args = l.layer.args as { sh: number; ph: number; d: number };
  return [l.output.depth, l.output.height, args.sh, args.ph, args.d, l.params, l.macs];
});
const torchConvs = (f: Fixture) => f.layers.filter((r) => r.type === 'Conv2d')
  .map((r) => [r.output[1], r.output[2], r.args.stride[0], r.args.padding[0], r.args.dilation[0], r.params, r.macs]);

/** The example's `let` blocks with `network` in place of its pipeline. */
const withNetwork = (file: string, network: string): string => {
  const text = example(file);
  return text.slice(0, text.search(/^INPUT /m)) + network;
};

/** The example up to (not including) its head: the dilated ResNet-50 backbone. */
const backbone = (file: string): string => example(file).split(/^=> (?:CONV\(f=3, k=512|aspp)/m)[0]!;

/**
 * The example at a side of 8n instead of 520 = 8*65: the map after the backbone is n x n, so the
 * image-pooling branch upsamples to n and the final upsampling to the side.
 */
const atSide = (file: string, side: number): string => example(file)
  .replace('INPUT [520x520x3]', `INPUT [${side}x${side}x3]`)
  .replace('UPSAMPLE(to=65,', `UPSAMPLE(to=${side / 8},`)
  .replace('UPSAMPLE(to=520,', `UPSAMPLE(to=${side},`);

function failures(r: VerifyReport): string[] {
  const layers = r.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k]) => `${l.id} ${l.text} ${k}`));
  return [...layers, ...r.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${m.predicted} predicted, ${m.measured} measured`)];
}

// ResNet-50's 25,557,032 parameters (torchvision's resnet50 meta) less its FC-1000: 2048*1000 + 1000.
const RESNET50_BACKBONE_PARAMS = 25_557_032 - (2048 * 1000 + 1000);
// 53 BNs of ResNet-50, 2 running statistics per channel: stem 64; per stage of widths w, blocks n:
// n*(w + w + 4w) + 4w (the projection's BN).
const RESNET50_BN_BUFFERS = 2 * (64 + [[64, 3], [128, 4], [256, 6], [512, 3]].reduce((s, [w, n]) => s + n! * 6 * w! + 4 * w!, 0));

describe.each(['fcn_resnet50', 'deeplabv3_resnet50'])('%s (520x520x3, torchvision 0.14)', (name) => {
  const file = `${name}.cnn`;
  const f = fixture(name);
  const a = analysisOf(example(file));

  it("has torchvision's params, BN running statistics and MACs", () => {
    expect(a.totals.params).toBe(f.params);
    expect(a.totals.buffers).toBe(f.bn_buffers);
    expect(a.totals.macs).toBe(f.macs);
  });

  it("gives torchvision's 'out': 21 classes at 520x520", () => {
    const [, depth, height, width] = f.output.out;
    expect(a.layers.at(-1)!.output).toEqual({ width, height, depth });
    expect(a.layers.at(-1)!.output).toEqual({ width: 520, height: 520, depth: 21 });
  });

  it("has torchvision's convolutions in forward order: depth, side, stride, padding, dilation, params, MACs", () => {
    expect(cnncalcConvs(a)).toEqual(torchConvs(f));
  });

  it("has a backbone of ResNet-50 without its FC, at 65x65 (output stride 8), as torchvision's 'backbone'", () => {
    const b = analysisOf(backbone(file));
    expect(b.totals.params).toBe(RESNET50_BACKBONE_PARAMS);
    expect(b.totals.params).toBe(f.where_top['backbone']!.params);
    expect(b.totals.buffers).toBe(RESNET50_BN_BUFFERS);
    expect(b.totals.buffers).toBe(f.where_top['backbone']!.bn_buffers);
    expect(b.layers.at(-1)!.output).toEqual({ width: 65, height: 65, depth: 2048 });
  });
});

describe('the dilated stages, by hand', () => {
  it('a 3x3 convolution dilated 4 with padding 4 keeps 65: (65 + 2*4 - (4*(3-1) + 1))/1 + 1 = 65', () => {
    const [, conv] = analysisOf(withNetwork('fcn_resnet50.cnn', 'INPUT [65x65x2048] => bottleneck(512, 4)')).layers.filter((l) => l.layer.kind === 'conv');
    expect(conv!.output).toEqual({ width: 65, height: 65, depth: 512 });
    expect(conv!.weights).toBe(3 * 3 * 512 * 512);
    expect(conv!.macs).toBe(65 * 65 * 512 * 3 * 3 * 512);
  });
});

describe("fcn_resnet50's head, by hand", () => {
  it('conv 3x3 2048->512 (no bias), BN (2*512 params, 2*512 statistics), conv 1x1 512->21 with bias', () => {
    const head = analysisOf(withNetwork('fcn_resnet50.cnn',
      'INPUT [65x65x2048] => CONV(f=3, k=512, bias=no) => BN => RELU => DROPOUT(0.1) => CONV(f=1, k=21) => UPSAMPLE(to=520, mode=bilinear)'));
    expect(head.totals.params).toBe(3 * 3 * 2048 * 512 + 2 * 512 + 512 * 21 + 21);
    expect(head.totals.params).toBe(fixture('fcn_resnet50').where_top['classifier']!.params);
    expect(head.totals.buffers).toBe(2 * 512);
    expect(head.totals.macs).toBe(65 * 65 * (3 * 3 * 2048 * 512 + 512 * 21));
  });
});

describe("deeplabv3_resnet50's ASPP, by hand", () => {
  const aspp = analysisOf(withNetwork('deeplabv3_resnet50.cnn', 'INPUT [65x65x2048] => aspp'));
  const concat = aspp.layers.find((l) => l.layer.kind === 'concat')!;

  it('concatenates five 65x65x256 branches (the pooling one upsampled from 1x1) into 1280 channels and projects to 256', () => {
    expect(concat.inputs).toEqual(Array(5).fill({ width: 65, height: 65, depth: 256 }));
    expect(concat.output).toEqual({ width: 65, height: 65, depth: 5 * 256 });
    expect(aspp.layers.at(-1)!.output).toEqual({ width: 65, height: 65, depth: 256 });
  });

  it('has 2 1x1 convolutions from 2048, 3 dilated 3x3 ones, the 1280->256 projection and 6 BNs of 256', () => {
    const convs = 2 * 2048 * 256 + 3 * (3 * 3 * 2048 * 256) + 1280 * 256;
    expect(aspp.totals.params).toBe(convs + 6 * 2 * 256);
    expect(aspp.totals.buffers).toBe(6 * 2 * 256);
    // The pooling branch's convolution runs on one position only.
    expect(aspp.totals.macs).toBe(65 * 65 * (2048 * 256 + 3 * (3 * 3 * 2048 * 256) + 1280 * 256) + 2048 * 256);
  });
});

// The full 520x520 run takes minutes; at 32x32 (a 4x4 map after the backbone, so the ASPP's 12-, 24-
// and 36-dilated taps all fall in the padding but for the centre one) each run takes seconds.
describe.each(['fcn_resnet50', 'deeplabv3_resnet50'])('verify %s at 32x32x3', (name) => {
  const a = analysisOf(atSide(`${name}.cnn`, 32));

  it('matches every prediction at inference', () => {
    expect(a.layers.at(-1)!.output).toEqual({ width: 32, height: 32, depth: 21 });
    const r = verifyAnalysis(a, { batch: 1, seed: 5, train: false, optimizer: 'sgd' });
    expect(failures(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('matches every prediction through a training step', () => {
    const r = verifyAnalysis(a, { batch: 1, seed: 6, train: true, optimizer: 'momentum' });
    expect(failures(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(Number.isFinite(r.loss)).toBe(true);
  });
});
