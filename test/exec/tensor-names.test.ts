// Reading a checkpoint made of nn.Sequential parts (exec/tensor-names.ts, run --sequential) and
// run --list-tensors. torchvision's vgg16 state dict (torchvision 0.14, documented by its module
// tree: features = 13 Conv2d with ReLU after each and 5 MaxPool2d, indices 0..30; avgpool; classifier
// = Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear) has exactly the keys listed below.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/tensor-io/npy.js';
import { writeSafetensors } from '../../src/tensor-io/safetensors.js';
import { fileName, parseSequentialRule, renameTensors } from '../../src/exec/tensor-names.js';
import { runNetwork } from '../../src/exec/run.js';
import { isIgnoredTensor, WeightsError } from '../../src/exec/weights.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf, ROOT } from '../helpers.js';

const t = (n: number) => ({ shape: [n], data: new Float32Array(n) });

describe('--sequential rules', () => {
  it('parse PREFIX=LAYER, the prefix possibly empty; refuse layer 0 and other text', () => {
    expect(parseSequentialRule('features.=1')).toEqual({ prefix: 'features.', first: 1 });
    expect(parseSequentialRule('=1')).toEqual({ prefix: '', first: 1 });
    expect(parseSequentialRule('a=b=7')).toEqual({ prefix: 'a=b', first: 7 });
    expect(parseSequentialRule('features.=0')).toBeNull();
    expect(parseSequentialRule('features.')).toBeNull();
  });
  it("PREFIX<i>.<param> is layer first+i's, whose own name is '<first+i>.<param>'; other names stay", () => {
    const rules = [parseSequentialRule('features.=1')!, parseSequentialRule('classifier.=32')!];
    const renamed = renameTensors(new Map([['features.0.weight', t(1)], ['classifier.3.bias', t(2)], ['5.weight', t(3)]]), rules);
    // features.0 -> layer 1 + 0 = 1 -> '1.weight'; classifier.3 -> layer 32 + 3 = 35 -> '35.bias'
    expect([...renamed.keys()]).toEqual(['1.weight', '35.bias', '5.weight']);
  });
  it("an empty prefix reads a plain nn.Sequential state dict: under =1, module i is layer 1+i", () => {
    const rules = [parseSequentialRule('=1')!];
    // nn.Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ...): modules 0 and 3 are layers 1 and 4
    const renamed = renameTensors(new Map([['0.weight', t(1)], ['0.bias', t(1)], ['3.weight', t(2)], ['3.bias', t(2)], ['features.0.weight', t(3)]]), rules);
    expect([...renamed.keys()]).toEqual(['1.weight', '1.bias', '4.weight', '4.bias', 'features.0.weight']); // a name not '<i>.<param>' stays
    expect(renamed.get('1.weight')!.shape).toEqual([1]);
    expect(renamed.get('4.bias')!.shape).toEqual([2]);
    expect(fileName(1, 'weight', rules)).toBe('0.weight');
    expect(fileName(4, 'bias', rules)).toBe('3.bias');
  });
  it('two file names for one tensor are an error naming both', () => {
    const rules = [parseSequentialRule('features.=1')!];
    // features.0 is layer 1, whose own name is 1.weight
    expect(() => renameTensors(new Map([['features.0.weight', t(1)], ['1.weight', t(1)]]), rules)).toThrow("tensors 'features.0.weight' and '1.weight' both name 1.weight");
  });
  it('fileName inverts the rules: the part that starts last at or before the layer', () => {
    const rules = [parseSequentialRule('features.=1')!, parseSequentialRule('classifier.=32')!];
    expect(fileName(1, 'weight', rules)).toBe('features.0.weight');
    expect(fileName(31, 'bias', rules)).toBe('features.30.bias');
    expect(fileName(38, 'weight', rules)).toBe('classifier.6.weight');
    expect(fileName(5, 'weight', [])).toBe('5.weight'); // no rule: the layer's own name
  });
  it("BN's num_batches_tracked is ignored under a part's prefix too", () => {
    expect(isIgnoredTensor('features.1.num_batches_tracked')).toBe(true);
    expect(isIgnoredTensor('1.num_batches_tracked')).toBe(true);
    expect(isIgnoredTensor('features.1.running_mean')).toBe(false);
  });
});

describe('cnncalc run --list-tensors', () => {
  it("lists torchvision vgg16's state-dict keys for examples/vgg16.cnn under features.=1 and classifier.=32", async () => {
    const r = await cli(['run', `${ROOT}examples/vgg16.cnn`, '--list-tensors', '--sequential', 'features.=1', '--sequential', 'classifier.=32']);
    expect(r.code).toBe(0);
    const names = r.stdout.split('\n').slice(2).map((l) => l.split(' ')[0]).filter((n) => n && n.includes('.'));
    const convs = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28];
    expect(names).toEqual([
      ...convs.flatMap((i) => [`features.${i}.weight`, `features.${i}.bias`]),
      ...[0, 3, 6].flatMap((i) => [`classifier.${i}.weight`, `classifier.${i}.bias`]),
    ]);
    expect(r.stdout).toMatch(/^classifier\.0\.weight +32 FC-4096 +\[4096, 25088\] +F32$/m); // 512*7*7 inputs
  });
  it("names each tensor by its layer, or by nn.Sequential index from 0 under '--sequential =1'", async () => {
    const names = async (extra: string[]) => {
      const r = await cli(['run', '-e', 'INPUT [2x2x1] => FC-3 => RELU => FC-2', '--list-tensors', ...extra]);
      expect(r.code).toBe(0);
      return r.stdout.split('\n').slice(2).map((l) => l.split(' ')[0]).filter((n) => n && n.includes('.'));
    };
    // FC-3 is layer 1 (module 0 of an nn.Sequential), RELU layer 2, FC-2 layer 3 (module 2)
    expect(await names([])).toEqual(['1.weight', '1.bias', '3.weight', '3.bias']);
    expect(await names(['--sequential', '=1'])).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });
  it('names a layer inside a parameterised block with its arguments values, as table does', async () => {
    const r = await cli(['run', '-e', 'let b(c) = CONV(f=1, k=c)\nINPUT [2x2x1] => b(3)', '--list-tensors']);
    expect(r.code).toBe(0);
    // b(3)'s CONV is 1x1 with 3 filters on 1 channel: weight [3, 1, 1, 1], bias [3]
    expect(r.stdout).toContain('1 CONV(f=1, k=3)');
    expect(r.stdout).toContain('[3, 1, 1, 1]');
    expect(r.stdout).not.toContain('k=c');
  });
  it('needs no --input or --output; a network without parameters says so', async () => {
    const r = await cli(['run', '-e', 'INPUT [2x2x1] => RELU', '--list-tensors']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('the network has no parameters: run it without --weights\n');
  });
  it('a --sequential that is not PREFIX=LAYER is a usage error, exit 2', async () => {
    const r = await cli(['run', '-e', 'INPUT [2x2x1] => FC-1', '--list-tensors', '--sequential', 'features.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--sequential takes PREFIX=LAYER with LAYER >= 1 (as 'cnncalc table' numbers layers), e.g. --sequential features.=1; got 'features.'");
  });
});

describe('cnncalc run --sequential', () => {
  it('loads a checkpoint named by parts, BN bookkeeping included, and computes with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-seq-'));
    writeFileSync(join(dir, 'net.cnn'), 'INPUT [1x1x2] => BN => RELU => FC-1\n');
    writeFileSync(join(dir, 'x.npy'), writeNpy([1, 2, 1, 1], new Float32Array([3, -5])));
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([
      ['features.0.weight', { shape: [2], data: new Float32Array([2, 1]) }],
      ['features.0.bias', { shape: [2], data: new Float32Array([0, 1]) }],
      ['features.0.running_mean', { shape: [2], data: new Float32Array([1, 0]) }],
      ['features.0.running_var', { shape: [2], data: new Float32Array([4 - 1e-5, 1 - 1e-5]) }],
      ['classifier.0.weight', { shape: [1, 2], data: new Float32Array([10, 100]) }],
      ['classifier.0.bias', { shape: [1], data: new Float32Array([0.5]) }],
    ])));
    const r = await cli(['run', join(dir, 'net.cnn'), '-w', join(dir, 'w.safetensors'), '--sequential', 'features.=1', '--sequential', 'classifier.=3',
      '-i', join(dir, 'x.npy'), '-o', join(dir, 'y.npy')]);
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    // BN: (3 - 1) / sqrt(4) * 2 + 0 = 2; (-5 - 0) / sqrt(1) * 1 + 1 = -4; RELU: 2, 0; FC: 10*2 + 100*0 + 0.5
    expect(readNpy(readFileSync(join(dir, 'y.npy'))).data[0]).toBeCloseTo(20.5, 4);
  });
});

describe('messages under --sequential name tensors as the file names them', () => {
  // INPUT [3x3x2] => CONV(f=2, k=1) => RELU => FC-2: CONV is layer 1, RELU 2, FC 3; as the
  // nn.Sequential(conv, relu, fc) state dict names them (rule =1, module i is layer 1+i): CONV's
  // tensors are 0.*, FC's 2.* (module 2 = layer 3), and module 1 (layer 2, RELU) has none.
  const TINY = 'INPUT [3x3x2] => CONV(f=2, k=1, p=0) => RELU => FC-2';
  const input = { shape: [1, 2, 3, 3], data: new Float32Array(18) };
  const dict = (): Map<string, { shape: number[]; data: Float32Array }> => new Map([
    ['0.weight', { shape: [1, 2, 2, 2], data: new Float32Array(8) }],
    ['0.bias', { shape: [1], data: new Float32Array(1) }],
    ['2.weight', { shape: [2, 4], data: new Float32Array(8) }],
    ['2.bias', { shape: [2], data: new Float32Array(2) }],
  ]);
  const load = (d: Map<string, { shape: number[]; data: Float32Array }>, rules = ['=1']) =>
    () => runNetwork(analysisOf(TINY), { input, weights: renameTensors(d, rules.map((r) => parseSequentialRule(r)!)), seed: 0 });

  it('a missing tensor by the name the file should give it, the layer as table numbers it', () => {
    const d = dict();
    d.delete('2.bias');
    expect(load(d)).toThrow(new WeightsError('missing tensor 2.bias (layer 3, FC): expected shape [2]'));
  });
  it('a mis-shaped tensor, and an extra one, with the list of the tensors expected, by their file names', () => {
    const wrong = dict();
    wrong.set('0.weight', { shape: [1, 2, 4], data: new Float32Array(8) });
    expect(load(wrong)).toThrow(new WeightsError('tensor 0.weight (layer 1, CONV) has shape [1, 2, 4]; expected [1, 2, 2, 2]'));
    const extra = dict();
    extra.set('1.weight', { shape: [3], data: new Float32Array(3) }); // module 1 is layer 2, RELU
    expect(load(extra)).toThrow(new WeightsError('extra tensor 1.weight (shape [3]): the network has no such parameter; its tensors are 0.weight, 0.bias, 2.weight, 2.bias'));
  });
  it('a name no rule reads stays as the file has it; a missing one before every part keeps its own name', () => {
    // rule classifier.=3: FC (layer 3) is classifier.0.*; CONV (layer 1) is before the part: 1.*
    const d = new Map([
      ['1.weight', { shape: [1, 2, 2, 2], data: new Float32Array(8) }],
      ['classifier.0.weight', { shape: [2, 4], data: new Float32Array(8) }],
      ['classifier.0.bias', { shape: [2], data: new Float32Array(2) }],
    ]);
    expect(load(d, ['classifier.=3'])).toThrow(new WeightsError('missing tensor 1.bias (layer 1, CONV): expected shape [1]'));
    d.set('1.bias', { shape: [1], data: new Float32Array(1) });
    d.set('features.9.weight', { shape: [1], data: new Float32Array(1) }); // no rule's prefix: read as it is
    expect(load(d, ['classifier.=3'])).toThrow(/^extra tensor features\.9\.weight \(shape \[1\]\): .* its tensors are 1\.weight, 1\.bias, classifier\.0\.weight, classifier\.0\.bias$/);
  });

  it('cnncalc run: the error and the non-finite warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-seq-'));
    writeFileSync(join(dir, 'net.cnn'), 'INPUT [2x2x1] => FC-1\n');
    writeFileSync(join(dir, 'x.npy'), writeNpy([1, 1, 2, 2], new Float32Array([1, 2, 3, 4])));
    const args = ['run', join(dir, 'net.cnn'), '-w', join(dir, 'w.safetensors'), '--sequential', '=1', '-i', join(dir, 'x.npy'), '-o', join(dir, 'y.npy')];
    // module 0 (layer 1, FC) with a NaN weight
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([['0.weight', { shape: [1, 4], data: new Float32Array([1, Number.NaN, 1, 1]) }], ['0.bias', { shape: [1], data: new Float32Array(1) }]])));
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("cnncalc run: warning: weight tensor '0.weight' (layer 1, FC-1) holds 1 non-finite value (1 NaN)\n");
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([['0.weight', { shape: [1, 4], data: new Float32Array(4) }]])));
    const missing = await cli(args);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`cnncalc run: ${join(dir, 'w.safetensors')}: missing tensor 0.bias (layer 1, FC): expected shape [1]\n`);
  });
});
