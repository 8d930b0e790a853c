// cnncalc export --format pytorch, checked without torch: the module's structure for every example,
// and constructor calls worked out by hand from torch.nn's documented signatures for a network with
// every kind.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/exec/build.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom } from '../../src/exec/random.js';
import { namedParameters } from '../../src/exec/weights.js';
import { ExportError, moduleFor, py } from '../../src/export/modules.js';
import { exportPytorch } from '../../src/export/pytorch.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf, example, ROOT } from '../helpers.js';
import { readExport } from './python-source.js';

const CLASS_OF: Record<string, RegExp> = {
  conv: /^nn\.Conv2d\(/,
  local: /^Local2d\(/,
  pool: /^(nn\.(Max|Avg|LP|AdaptiveAvg|AdaptiveMax)Pool2d|LPPool2)\(/,
  fc: /^FC\(/,
  relu: /^nn\.ReLU\(inplace=(True|False)\)$/,
  tanh: /^nn\.Tanh\(\)$/,
  sigmoid: /^nn\.Sigmoid\(\)$/,
  softmax: /^nn\.Softmax\(dim=1\)$/,
  dropout: /^nn\.Dropout\(p=/,
  lrn: /^nn\.LocalResponseNorm\(/,
  bn: /^nn\.BatchNorm2d\(/,
  concat: /^Concat\(\)$/,
  add: /^Add\(\)$/,
  ln: /^LayerNorm2d\(\d+, eps=/,
  scale: /^LayerScale\(\d+, init=/,
  shuffle: /^ChannelShuffle\(\d+\)$/,
  unpool: /^Unpool\(/,
};

const product = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

describe('every example exports', () => {
  const files = readdirSync(`${ROOT}examples`).filter((f) => f.endsWith('.cnn'));
  it.each(files)('%s', (file) => {
    const analysis = analysisOf(example(file));
    const module = readExport(exportPytorch(analysis, { source: file }));
    const layers = analysis.layers.slice(1);
    // one module per layer after INPUT, named by its layer number (as `cnncalc layers` prints it and
    // `cnncalc run` names tensors: INPUT is 0, so layers[i] is layer i + 1), of the layer's kind
    expect(module.modules.map(([name]) => name)).toEqual(layers.map((_, i) => String(i + 1)));
    layers.forEach((a, i) => expect(module.modules[i]![1]).toMatch(CLASS_OF[a.layer.kind]!));
    // the state dict is exactly what `cnncalc run --weights` loads
    const net = buildNetwork(analysis, new Tracker(), createRandom(0), false);
    const expected = new Map([...namedParameters(net)].map(([name, t]) => [name, t.shape]));
    expect(module.parameters).toEqual(expected);
    // and its sizes add up to the analysis' parameters and buffers (BN's running statistics)
    const sizes = (keep: (name: string) => boolean): number => [...module.parameters].filter(([n]) => keep(n)).reduce((s, [, shape]) => s + product(shape), 0);
    expect(sizes((n) => !/running_/.test(n))).toBe(analysis.totals.params);
    expect(sizes((n) => /running_/.test(n))).toBe(analysis.layers.reduce((s, a) => s + a.buffers, 0));
    const input = analysis.layers[0]!.output;
    expect(module.inputShape).toEqual([input.depth, input.height, input.width]);
    // a pool that an UNPOOL reads gives its indices too: `x4, i4 = m["4"](x3)`
    expect(module.forward.filter((l) => /^x\d+(, i\d+)? = m\["\d+"\]\(/.test(l))).toHaveLength(layers.length);
    // the main output, then the side outputs (v3)
    const outputs = [analysis.network.output, ...analysis.network.sideOutputs];
    expect(module.forward.at(-1)).toBe(`return ${outputs.map((o) => `x${o}`).join(', ')}`);
  });

  it('VGG16 has the published 138,357,544 parameters in its state dict', () => {
    const module = readExport(exportPytorch(analysisOf(example('vgg16.cnn'))));
    expect([...module.parameters.values()].reduce((s, shape) => s + product(shape), 0)).toBe(138_357_544);
    // torchvision's features.0.weight is [64, 3, 3, 3] (here layer 1's); the first FC's weight [4096, 512*7*7]
    expect(module.parameters.get('1.weight')).toEqual([64, 3, 3, 3]);
    expect([...module.parameters.values()].find((s) => s[1] === 25088)).toEqual([4096, 25088]);
  });
});

describe('UNPOOL: MaxPool2d(return_indices=True) feeding MaxUnpool2d', () => {
  // ids: 1 CONV, 2 POOL, 3 RELU, 4 UNPOOL, 5 CONV
  const source = 'INPUT [5x6x2] => CONV(f=1, k=3) => p: POOL(f=2, round=ceil) => RELU => UNPOOL(@p) => CONV(f=1, k=2)';
  const module = readExport(exportPytorch(analysisOf(source)));

  it("returns the pool's indices, and unpools to the pool's input size (H, W)", () => {
    expect(module.modules.map(([, call]) => call).slice(1, 4)).toEqual([
      'nn.MaxPool2d(2, stride=2, padding=0, ceil_mode=True, return_indices=True)',
      'nn.ReLU(inplace=True)',
      'Unpool(2, 2, 0, (6, 5))',
    ]);
  });

  it("reads the indices, not the pool's input, which is dropped after the pool", () => {
    expect(module.forward.slice(0, 7)).toEqual([
      'm = self._modules',
      'x1 = m["1"](x0)',
      'del x0',
      'x2, i2 = m["2"](x1)',
      'del x1',
      'x3 = m["3"](x2)',
      'del x2',
    ]);
    expect(module.forward.slice(7, 9)).toEqual(['x4 = m["4"](x3, i2)', 'del x3, i2']);
  });
});

describe('constructor calls, worked out by hand', () => {
  // ids: 1 CONV, 2 BN, 3 RELU, 4 POOL, 5 LRN, 6 CONV1 | 7 avg POOL, 8 concat, 9 l2 POOL, 10 LOCAL, 11 TANH, 12 FC, 13 SOFTMAX
  const source =
    'INPUT [32x32x4] => CONV(f=3, k=8, g=2, d=2, bias=no) => BN => RELU => POOL(f=3, s=2, p=1, round=ceil) => LRN(size=3)' +
    ' => { CONV(f=1, k=8) | POOL(f=3, s=1, p=1, mode=avg) } => POOL(f=2, mode=l2) => LOCAL(f=3, k=4) => TANH => FC-10 => SOFTMAX';
  const module = readExport(exportPytorch(analysisOf(source)));

  it('writes each layer as torch.nn takes it', () => {
    expect(module.modules.map(([, call]) => call)).toEqual([
      // d=2: default padding floor(2*(3-1)/2) = 2; 32 + 2*2 - (2*(3-1)+1) + 1 = 32
      'nn.Conv2d(4, 8, kernel_size=3, stride=1, padding=2, dilation=2, groups=2, bias=False)',
      'nn.BatchNorm2d(8, eps=0.00001)',
      // BN's backward reads its input, not its output: the budget's ReLU writes over it
      'nn.ReLU(inplace=True)',
      // ceil((32 + 2 - 3)/2) + 1 = 17, and the last window starts at 32 < 32 + 1: PyTorch keeps it
      'nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)',
      'nn.LocalResponseNorm(3, alpha=0.0001, beta=0.75, k=1)',
      'nn.Conv2d(8, 8, kernel_size=1, stride=1, padding=0, dilation=1, groups=1, bias=True)',
      'nn.AvgPool2d(3, stride=1, padding=1, ceil_mode=False, count_include_pad=True)',
      'Concat()',
      'nn.LPPool2d(2, 2, stride=2, ceil_mode=False)',
      // 17 -> floor(17/2) = 8; LOCAL(f=3) pads 1, so 8 x 8 outputs over 16 channels
      'Local2d(16, 4, 3, 1, 1, 1, 8, 8, bias=True)',
      'nn.Tanh()',
      'FC(256, 10)', // 8 * 8 * 4 inputs
      'nn.Softmax(dim=1)',
    ]);
  });

  it('lists the state dict in PyTorch shapes', () => {
    expect([...module.parameters]).toEqual([
      // named by the ids above: 1 CONV (bias=no), 2 BN, 6 CONV1, 10 LOCAL, 12 FC
      ['1.weight', [8, 2, 3, 3]], // [k, D/g, f, f]
      ['2.weight', [8]], ['2.bias', [8]], ['2.running_mean', [8]], ['2.running_var', [8]],
      ['6.weight', [8, 8, 1, 1]], ['6.bias', [8]],
      ['10.weight', [64, 4, 144]], ['10.bias', [4, 8, 8]], // [outH*outW, k, D*f*f], [k, outH, outW]
      ['12.weight', [10, 256]], ['12.bias', [10]],
    ]);
    expect(module.inputShape).toEqual([4, 32, 32]);
    expect(module.outputShape).toEqual([10]);
  });

  it('drops each tensor after its last reader: the fork waits for both branches', () => {
    // x<id> is layer id's output, m["<id>"] its module: 6 CONV1 and 7 avg POOL both read LRN's x5
    const at = module.forward.indexOf('x6 = m["6"](x5)');
    expect(module.forward.slice(at - 1, at + 6)).toEqual([
      'del x4', // LRN's input: LRN was its only reader
      'x6 = m["6"](x5)',
      'x7 = m["7"](x5)',
      'del x5',
      'x8 = m["8"](x6, x7)',
      'del x6, x7',
      'x9 = m["9"](x8)',
    ]);
  });
});

describe("version 3's windows as torch.nn takes them", () => {
  // ids: 1 CONV 1x7, 2 CONV 7x1 strided, 3 LOCAL 1x3, 4 max POOL 3x1, 5 l2 POOL padded, 6 adaptive avg, 7 adaptive max
  const source =
    'INPUT [17x16x4] => CONV(fh=1, fw=7, k=8) => CONV(fh=7, fw=1, sh=2, k=8, bias=no) => LOCAL(fh=1, fw=3, k=4)' +
    ' => POOL(fh=3, fw=1, sh=2, sw=1) => POOL(fh=2, fw=3, s=1, pw=1, mode=l2) => POOL(mode=avg, out=3) => POOL(mode=max, outh=2, outw=1)';
  const module = readExport(exportPytorch(analysisOf(source)));

  it('writes kernel_size, stride and padding as (h, w) pairs', () => {
    expect(module.modules.map(([, call]) => call)).toEqual([
      // torch's default for Inception's 1x7: padding (0, 3)
      'nn.Conv2d(4, 8, kernel_size=(1, 7), stride=1, padding=(0, 3), dilation=1, groups=1, bias=True)',
      // height floor((16 + 6 - 7)/2) + 1 = 8, width 17
      'nn.Conv2d(8, 8, kernel_size=(7, 1), stride=(2, 1), padding=(3, 0), dilation=1, groups=1, bias=False)',
      'Local2d(8, 4, (1, 3), 1, (0, 1), 1, 8, 17, bias=True)',
      // height floor((8 - 3)/2) + 1 = 3, width 17
      'nn.MaxPool2d((3, 1), stride=(2, 1), padding=0, ceil_mode=False)',
      // height 3 - 2 + 1 = 2, width 17 - 3 + 2 + 1 = 17
      'LPPool2((2, 3), 1, (0, 1), ceil_mode=False)',
      'nn.AdaptiveAvgPool2d(3)',
      'nn.AdaptiveMaxPool2d((2, 1))',
    ]);
  });

  it('holds the weights as [k, D/g, fh, fw] and LOCAL\'s as [outH*outW, k, D*fh*fw]', () => {
    expect([...module.parameters]).toEqual([
      ['1.weight', [8, 4, 1, 7]], ['1.bias', [8]],
      ['2.weight', [8, 8, 7, 1]],
      ['3.weight', [8 * 17, 4, 8 * 1 * 3]], ['3.bias', [4, 8, 17]],
    ]);
    expect(module.outputShape).toEqual([4, 2, 1]);
  });
});

describe('ReLU in place exactly where the autograd plan puts it', () => {
  it('not after TANH or RELU (their backward reads their output: PyTorch refuses the overwrite), not on a fork', () => {
    // ids: 1 CONV, 2 TANH, 3 RELU, 4 RELU, 5 RELU in the branch, 6 add, 7 FC
    const module = readExport(exportPytorch(analysisOf('INPUT [8x8x3] => CONV3-4 => TANH => RELU => RELU => { RELU + ID } => FC-2')));
    expect(module.modules.slice(2, 5).map(([, call]) => call)).toEqual(['nn.ReLU(inplace=False)', 'nn.ReLU(inplace=False)', 'nn.ReLU(inplace=False)']);
  });

  it("views an FC's [N, n] output as N,C,H,W only where a layer needs it", () => {
    // ids: 1 FC, 2 RELU, 3 BN (needs N,C,H,W), 4 FC
    const module = readExport(exportPytorch(analysisOf('INPUT [4x4x2] => FC-8 => RELU => BN => FC-3')));
    expect(module.forward).toContain('x3 = m["3"](x2.view(x2.shape[0], -1, 1, 1))');
    expect(module.forward).toContain('x2 = m["2"](x1)');
    expect(module.outputShape).toEqual([3]);
  });
});

describe('what cannot be exported', () => {
  it('refuses INPUT as a module and numbers Python cannot read back', () => {
    const input = analysisOf('INPUT [8x8x1] => FC-2').layers[0]!;
    expect(() => moduleFor(input, false)).toThrow(ExportError);
    expect(() => py(Number.POSITIVE_INFINITY)).toThrow(/cannot write Infinity as a Python number/);
    expect(py(0.0001)).toBe('0.0001'); // JavaScript's shortest form is Python's float literal
  });
});

describe('cnncalc export', () => {
  it('writes the module to stdout, or to -o FILE', async () => {
    const stdout = await cli(['export', '-e', 'INPUT [8x8x1] => FC-2']);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout).toContain('self.add_module("1", FC(64, 2))'); // FC-2 is layer 1
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-export-'));
    try {
      const file = join(dir, 'net.py');
      const written = await cli(['export', '-e', 'INPUT [8x8x1] => FC-2', '--format', 'pytorch', '-o', file]);
      expect(written).toMatchObject({ code: 0, stdout: '' });
      expect(readFileSync(file, 'utf8')).toBe(stdout.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown format and a bad network with exit 2', async () => {
    const format = await cli(['export', '-e', 'INPUT [8x8x1] => FC-2', '--format', 'tflite']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format takes pytorch, onnx; got 'tflite'/);
    const bad = await cli(['export', '-e', 'INPUT [8x8x1] => FC']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<eval>:1:\d+/);
  });
});
