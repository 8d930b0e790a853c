// examples/segnet_basic.cnn, SegNet-Basic, against the figures PyTorch's forward hooks gave for
// bench/torchvision/segnet.py (test/reference/torchvision/segnet_basic.json), by hand arithmetic, and
// through verify at a reduced input (32x24 instead of 480x360; 24 rows halve to 3, then to 1 (floor),
// and unpool back to 3: the same odd-side case as 45 -> 22 -> 45).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyAnalysis, type VerifyReport } from '../../src/exec/verify.js';
import { analysisOf, example, REFERENCE } from '../helpers.js';

interface TorchLayer {
  readonly type: string;
  /** MaxPool2d(return_indices=True) gives two tensors: the values' shape first. */
  readonly output: readonly number[] | readonly (readonly number[])[];
  readonly params?: number;
  readonly macs?: number;
}

const torch = JSON.parse(readFileSync(`${REFERENCE}torchvision/segnet_basic.json`, 'utf8'));
const source = example('segnet_basic.cnn');
const segnet = analysisOf(source);
const valuesShape = (o: TorchLayer['output']): readonly number[] => (Array.isArray(o[0]) ? o[0] : o) as readonly number[];
const shapeOf = (l: { output: { width: number; height: number; depth: number } }) => [l.output.depth, l.output.height, l.output.width];

describe('the SegNet-Basic example against PyTorch hooks (segnet_basic.json)', () => {
  it('has its params, BN statistics and MACs', () => {
    expect(segnet.totals.params).toBe(torch.params);
    expect(segnet.totals.buffers).toBe(torch.bn_buffers);
    expect(segnet.totals.macs).toBe(torch.macs);
    expect(torch.macs_by_type.Conv2d).toBe(torch.macs);
  });

  it('has every Conv2d, MaxPool2d and MaxUnpool2d in forward order, with its output', () => {
    const kinds: Record<string, string> = { Conv2d: 'conv', MaxPool2d: 'pool', MaxUnpool2d: 'unpool' };
    const theirs = (torch.layers as TorchLayer[]).filter((l) => l.type in kinds)
      .map((l) => ({ kind: kinds[l.type], params: l.params ?? 0, macs: l.macs ?? 0, output: valuesShape(l.output).slice(1) }));
    const ours = segnet.layers.filter((l) => Object.values(kinds).includes(l.layer.kind))
      .map((l) => ({ kind: l.layer.kind, params: l.params, macs: l.macs, output: shapeOf(l) }));
    expect(ours).toEqual(theirs);
  });

  it('by hand: the encoders, the decoders, the classifier, the odd side', () => {
    const first = 7 * 7 * 3 * 64 + 64; // 9,472
    const other = 7 * 7 * 64 * 64 + 64; // 200,768, three encoders and four decoders
    const bn = 8 * 2 * 64; // gamma and beta of eight BN
    expect(first + 7 * other + bn + 64 * 11 + 11).toBe(1_416_587);
    expect(segnet.totals.buffers).toBe(8 * 2 * 64);
    // MACs: every 7x7 convolution at its map's size, the classifier at 480x360
    const maps = [480 * 360, 240 * 180, 120 * 90, 60 * 45];
    const encoders = maps.reduce((s, m, i) => s + m * 49 * (i === 0 ? 3 : 64) * 64, 0);
    const decoders = maps.reduce((s, m) => s + m * 49 * 64 * 64, 0);
    expect(encoders + decoders + 480 * 360 * 64 * 11).toBe(59_188_838_400);
    const unpools = segnet.layers.filter((l) => l.layer.kind === 'unpool');
    expect(unpools.map((l) => [l.input.height, l.output.height])).toEqual([[22, 45], [45, 90], [90, 180], [180, 360]]);
    expect(unpools.every((l) => l.params === 0 && l.macs === 0 && l.flops === 0)).toBe(true);
  });
});

function failures(r: VerifyReport): string[] {
  return [
    ...r.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k, v]) => `${l.id} ${l.text} ${k}: ${JSON.stringify(v)}`)),
    ...r.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${JSON.stringify(m)}`),
  ];
}

describe('verify on SegNet-Basic at 32x24', () => {
  const small = analysisOf(source.replace('INPUT [480x360x3]', 'INPUT [32x24x3]'));

  it('at inference', () => {
    const r = verifyAnalysis(small, { batch: 1, seed: 7, train: false, optimizer: 'sgd' });
    expect(failures(r)).toEqual([]);
  }, 120_000);

  it('through a training step', () => {
    const r = verifyAnalysis(small, { batch: 2, seed: 7, train: true, optimizer: 'momentum' });
    expect(failures(r)).toEqual([]);
  }, 180_000);
});
