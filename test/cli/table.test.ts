// cnncalc table and cnncalc layers from the command line: formats, colour, exit codes, errors.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { cli } from './run-cli.js';

const VGG16 = `${ROOT}examples/vgg16.cnn`;
const golden = (name: string) => readFileSync(`${ROOT}test/cli/golden/${name}`, 'utf8');
const parseNumber = (s: string) => Number(s.replace(/,/g, ''));

describe('cnncalc table', () => {
  it('prints the default table (golden file for the layout)', async () => {
    const run = await cli(['table', `${ROOT}examples/lenet5.cnn`]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(golden('lenet5.table.txt'));
  });

  it("the golden table's columns add up to its totals row", () => {
    const lines = golden('lenet5.table.txt').split('\n');
    const rows = lines.slice(2, lines.findIndex((l, i) => i > 2 && l.startsWith('--')));
    const totals = lines.find((l) => l.includes('total (layers after INPUT)'))!;
    const numbers = (line: string) => line.match(/\d[\d,]*/g)!.map(parseNumber);
    // Columns: index, (layer text has numbers too), so take the last five numeric cells of each row:
    // activations, memory, weights, biases, MACs, then RF's two numbers (absent after FC).
    const sums = [0, 0, 0, 0, 0];
    for (const row of rows.slice(1)) {
      const cells = row.split(/\s{2,}/).filter(Boolean);
      const numeric = cells.slice(3, 8).map(parseNumber);
      numeric.forEach((v, i) => (sums[i]! += v));
    }
    expect(numbers(totals)).toEqual(sums);
  });

  it('--style cs231n prints the notes layout', async () => {
    const run = await cli(['table', VGG16, '--style', 'cs231n']);
    expect(run.stdout.split('\n')[1]).toBe('CONV3-64: [224x224x64] memory: 224*224*64=3.2M weights: (3*3*3)*64 = 1,728');
  });

  it('--json (and --format json) gives the documented names, schemaVersion included', async () => {
    const run = await cli(['table', VGG16, '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(Object.keys(report.totals)).toEqual(expect.arrayContaining(['params', 'weights', 'biases', 'activations', 'bytes', 'macs', 'flops']));
    expect(report.totals.params).toBe(138_357_544);
    const layer = report.layers[1];
    for (const key of ['index', 'name', 'kind', 'output', 'activations', 'bytes', 'weights', 'biases', 'params', 'macs', 'flops', 'receptiveField']) expect(layer).toHaveProperty(key);
    expect(layer.output).toEqual({ width: 224, height: 224, depth: 64 });
    expect(layer.receptiveField).toEqual({ size: 3, stride: 1 });
    expect((await cli(['table', VGG16, '--format', 'json'])).stdout).toBe(run.stdout);
  });

  it('--format markdown and csv', async () => {
    const md = (await cli(['table', `${ROOT}examples/cifar10.cnn`, '--format', 'markdown'])).stdout;
    expect(md.split('\n')[0]).toBe('| # | layer | output | activations | memory (bytes, fp32) | weights | biases | MACs | RF (stride) |');
    expect(md).toContain('| 4 | FC-10 | 1x1x10 | 10 | 40 | 30,720 | 10 | 30,720 | - |');
    const csv = (await cli(['table', `${ROOT}examples/cifar10.cnn`, '--format', 'csv'])).stdout.split('\n');
    expect(csv[1]).toBe('0,INPUT [32x32x3],32x32x3,3072,12288,0,0,0,1 (1)');
    expect(csv[2]).toBe('1,CONV(k=12),32x32x12,12288,49152,324,12,331776,3 (1)');
  });

  it('--dtype changes the bytes: fp16 halves them', async () => {
    const run = await cli(['table', VGG16, '--json', '--dtype', 'fp16']);
    expect(JSON.parse(run.stdout).totals.bytes).toBe(28_650_984 * 2);
  });

  it('--set and --without-optional reach the network', async () => {
    const run = await cli(['table', `${ROOT}examples/pattern.cnn`, '--json', '--set', 'M=1', '--set', 'N=1', '--set', 'K=0', '--without-optional']);
    expect(JSON.parse(run.stdout).layers.map((l: { kind: string }) => l.kind)).toEqual(['input', 'conv', 'relu', 'fc']);
  });

  it('colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
    const esc = '\u001b[';
    expect((await cli(['table', VGG16])).stdout).not.toContain(esc);
    expect((await cli(['table', VGG16], { tty: true })).stdout).toContain(esc);
    expect((await cli(['table', VGG16], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['table', VGG16, '--no-color'], { tty: true })).stdout).not.toContain(esc);
    expect((await cli(['table', VGG16, '--color'])).stdout).toContain(esc);
  });
});

describe('errors and exit codes', () => {
  it('bad input: one line with file:line:column, the source line, a caret and a fix; exit 2', async () => {
    const run = await cli(['table', `${ROOT}test/cli/fixtures/typo.cnn`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first, source, caret, fix] = run.stderr.split('\n');
    expect(first).toBe(`${ROOT}test/cli/fixtures/typo.cnn:2:4  error  unknown-name  unknown layer or binding 'CONVV3'; did you mean CONV3?`);
    expect(source).toBe('    2 | => CONVV3-64 => RELU');
    expect(caret).toBe('      |    ^^^^^^');
    expect(fix).toBe('      fix: write CONV3, or define \'CONVV3\' with let');
  });
  it('a missing file, an unknown option, an unknown command, a bad --set, a bad --format: exit 2 with one line', async () => {
    for (const argv of [
      ['table', 'nope.cnn'],
      ['table', VGG16, '--frobnicate'],
      ['tabel', VGG16],
      ['table', VGG16, '--set', 'N'],
      ['table', VGG16, '--format', 'yaml'],
      ['table', VGG16, '--dtype', 'fp64'],
      ['table'],
      ['table', VGG16, '--max-layers', 'many'],
    ]) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^cnncalc/);
    }
  });
  it('--help for the tool and for a command; --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('table');
    const tableHelp = await cli(['table', '--help']);
    expect(tableHelp.stdout).toContain('--style default|cs231n');
    expect((await cli(['--version'])).stdout).toMatch(/^cnncalc \d+\.\d+\.\d+\n$/);
  });
});

describe('cnncalc layers', () => {
  it('lists index, position and repetition path', async () => {
    const run = await cli(['layers', `${ROOT}examples/vgg16.cnn`]);
    const line = run.stdout.split('\n').find((l) => l.startsWith(' 3 '))!;
    expect(line).toMatch(/^ 3\s+CONV3-64\s+\S+vgg16\.cnn:5:5\s+block 2 of 2, layer 1 of 2$/);
  });
});
