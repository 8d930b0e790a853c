// Notation version 3's syntax: products and splits in braces, labelled tensors and references to
// them, side outputs and shared bindings. Figures are worked out by hand in each test.

import { describe, expect, it } from 'vitest';
import { analysisOf, errorsOf } from '../helpers.js';

const kinds = (source: string) => analysisOf(source).layers.map((l) => l.layer.kind);

describe('{ A & B }: the product of the branches', () => {
  it('broadcasts a 1x1xD gate over WxHxD (squeeze-and-excitation)', () => {
    const a = analysisOf('INPUT [8x8x16] => { ID & GAP => CONV(f=1, k=4) => RELU => CONV(f=1, k=16) => SIGMOID }');
    const product = a.layers[a.network.output]!;
    expect(product.layer.kind).toBe('mul');
    expect(product.output).toEqual({ width: 8, height: 8, depth: 16 });
    expect(product.node.inputs).toEqual([0, 5]); // the brace's input (ID) and the gate's last layer
    // the gate: 16*4 + 4 and 4*16 + 16 parameters; one multiply per output element
    expect(a.totals.params).toBe(16 * 4 + 4 + 4 * 16 + 16);
    expect(product.flops).toBe(8 * 8 * 16);
  });

  it('refuses branches that neither match nor broadcast, at the odd branch', () => {
    const [e] = errorsOf('INPUT [8x8x4] => { ID & POOL2 }');
    expect(e).toMatchObject({ code: 'branch-mismatch', line: 1, column: 25 });
    expect(e!.message).toContain('1x1xD');
    expect(errorsOf('INPUT [8x8x4] => { ID & GAP => CONV(f=1, k=2) }')[0]?.code).toBe('branch-mismatch');
  });
});

describe('{ A / B }: a split of the depth', () => {
  it('gives each branch its part of the channels, then concatenates', () => {
    const a = analysisOf('INPUT [4x4x6] => { ID / CONV(f=1, k=5) / POOL(f=3, s=1, p=1) }');
    expect(kinds('INPUT [4x4x6] => { ID / CONV(f=1, k=5) / POOL(f=3, s=1, p=1) }')).toEqual(['input', 'slice', 'slice', 'conv', 'slice', 'pool', 'concat']);
    // 6 channels in three parts of 2; CONV(f=1, k=5) on 2 channels: 2*5 + 5 parameters
    expect(a.layers[3]!.input.depth).toBe(2);
    expect(a.totals.params).toBe(2 * 5 + 5);
    expect(a.layers[a.network.output]!.output.depth).toBe(2 + 5 + 2);
  });

  it('needs a depth the branches divide', () => {
    const [e] = errorsOf('INPUT [4x4x5] => { ID / ID }');
    expect(e).toMatchObject({ code: 'branch-mismatch' });
    expect(e!.message).toBe('a split into 2 branches needs a depth they divide; the input has 5 channels');
  });

  it('is one kind of separator per brace', () => {
    const [e] = errorsOf('INPUT [4x4x4] => { ID / ID + ID }');
    expect(e).toMatchObject({ code: 'syntax', line: 1, column: 28 });
  });
});

describe('labels and references', () => {
  it('@name continues from the labelled tensor: a U-Net skip', () => {
    const a = analysisOf('INPUT [8x8x3] => enc: CONV3-4 => POOL2 => UPSAMPLE(s=2) => { ID | @enc }');
    const concat = a.layers[a.network.output]!;
    expect(concat.node.inputs).toEqual([3, 1]);
    expect(concat.output).toEqual({ width: 8, height: 8, depth: 4 + 4 }); // the upsampled map and the skip
  });

  it('means the latest tensor so named, so a repeated block can keep its own', () => {
    const a = analysisOf('let blk = x: CONV3-4 => { RELU + @x }\nINPUT [4x4x4] => blk*2');
    const adds = a.layers.filter((l) => l.layer.kind === 'add');
    expect(adds.map((l) => l.node.inputs)).toEqual([[2, 1], [5, 4]]);
  });

  it('reports a reference to a tensor not labelled yet, at the reference', () => {
    const [e] = errorsOf('INPUT [8x8x3] => { ID | @skip } => skip: RELU');
    expect(e).toMatchObject({ code: 'unknown-tensor', line: 1, column: 25 });
    expect(e!.message).toBe("no tensor is labelled 'skip' before this point");
  });

  it("a lone '@' is an unknown character", () => {
    expect(errorsOf('INPUT [8x8x3] => @ => RELU')[0]).toMatchObject({ code: 'syntax', line: 1, column: 18 });
  });
});

describe('side outputs', () => {
  const source = 'INPUT [8x8x3] => a: CONV3-4 => POOL2 => FC-10\n@a => GAP => FC-2\n';

  it('count their layers; the main pipeline gives the output', () => {
    const a = analysisOf(source);
    expect(a.network.output).toBe(3);
    expect(a.network.sideOutputs).toEqual([5]);
    // CONV3-4: 3*3*3*4 + 4 = 112; FC-10 on 4x4x4: 64*10 + 10 = 650; the side's FC-2 on 1x1x4: 4*2 + 2 = 10
    expect(a.totals.params).toBe(112 + 650 + 10);
    expect(a.layers[4]!.node.path).toMatchObject([{ kind: 'side', index: 1, count: 1 }]);
  });

  it('a pipeline that does not start from a tensor is still a second network', () => {
    expect(errorsOf('INPUT [8x8x3] => RELU\nINPUT [8x8x3] => RELU')[0]).toMatchObject({ code: 'syntax', line: 2, column: 1 });
  });
});

describe('let shared', () => {
  it('counts the weights once and computes at every use', () => {
    const a = analysisOf('let shared t = CONV3-4 => RELU\nINPUT [8x8x4] => t => t');
    const convs = a.layers.filter((l) => l.layer.kind === 'conv');
    expect(convs.map((l) => l.params)).toEqual([3 * 3 * 4 * 4 + 4, 0]);
    expect(convs[1]!.node.shares).toBe(convs[0]!.node.id);
    expect(convs.map((l) => l.macs)).toEqual([8 * 8 * 4 * 36, 8 * 8 * 4 * 36]);
  });

  it('refuses a use whose input the shared weights do not fit, at the use', () => {
    const [e] = errorsOf('let shared t = CONV3-8\nINPUT [8x8x3] => t => t');
    expect(e).toMatchObject({ code: 'shared-mismatch', line: 2, column: 23 });
  });

  it("'shared' is a word, not a keyword: it can be a binding", () => {
    expect(analysisOf('let shared = 2\nINPUT [4x4x1] => RELU*shared').layers).toHaveLength(3);
  });
});

describe("grammar/README.md's version 3 worked example", () => {
  it('has the figures worked out there', () => {
    const source = [
      'let se(c, r) = { ID & GAP => CONV(f=1, k=r) => RELU => CONV(f=1, k=c) => HSIGMOID }',
      'INPUT [16x16x8] => enc: CONV3-16 => se(16, 4) => POOL2',
      '  => { ID / CONV(f=1, k=8) => RELU } => SHUFFLE(g=2)',
      '  => UPSAMPLE(s=2) => { ID | @enc } => GAP => FC-10',
      '@enc => GAP => FC-2',
    ].join('\n');
    const a = analysisOf(source);
    expect(a.totals.params).toBe(1168 + 68 + 80 + 72 + 330 + 34);
    expect(a.totals.macs).toBe(16 * 16 * 16 * 72 + 16 * 4 + 4 * 16 + 8 * 8 * 8 * 8 + 32 * 10 + 16 * 2);
  });
});
