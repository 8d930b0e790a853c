// cnncalc table and cnncalc layers from the command line: formats, colour, exit codes, errors.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { cli } from './run-cli.js';
import { colourLevel } from '../../src/cli/colour.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { SCHEMA_VERSION } from '../../src/report/json.js';

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

  it("the golden table's figures are LeNet-5's, worked out by hand, and its columns add up", () => {
    const lines = golden('lenet5.table.txt').split('\n');
    const rows = lines.slice(2, lines.findIndex((l, i) => i > 2 && l.startsWith('--'))).map((l) => l.trim().split(/\s{2,}/));
    const at = (index: number) => rows.find((r) => r[0] === String(index))!;
    // columns: #, layer, output, params, param %, bytes (fp32), MACs, RF (stride)
    const params = [5 * 5 * 1 * 6 + 6, 5 * 5 * 6 * 16 + 16, 400 * 120 + 120, 120 * 84 + 84, 84 * 10 + 10]; // conv1, conv2, FC-120, FC-84, FC-10
    const total = params.reduce((a, b) => a + b);
    expect(total).toBe(61_706);
    [1, 4, 7, 9, 11].forEach((index, i) => {
      expect(parseNumber(at(index)[3]!)).toBe(params[i]);
      expect(at(index)[4]).toBe(`${((params[i]! / total) * 100).toFixed(1)}%`);
    });
    // every row from the layer formulas: output W*H*D*4 bytes; CONV MACs outW*outH*k*f*f*D, FC in*n;
    // RF r += (f-1)*j, j *= s (POOL2: f=2, s=2)
    const g = (n: number) => n.toLocaleString('en-US');
    const expected: [string, number, number, number, string][] = [
      ['32x32x1', 0, 32 * 32 * 1 * 4, 0, '1 (1)'],
      ['28x28x6', params[0]!, 28 * 28 * 6 * 4, 28 * 28 * 6 * 5 * 5 * 1, '5 (1)'],
      ['28x28x6', 0, 28 * 28 * 6 * 4, 0, '5 (1)'],
      ['14x14x6', 0, 14 * 14 * 6 * 4, 0, `${5 + 1 * 1} (2)`],
      ['10x10x16', params[1]!, 10 * 10 * 16 * 4, 10 * 10 * 16 * 5 * 5 * 6, `${6 + 4 * 2} (2)`],
      ['10x10x16', 0, 10 * 10 * 16 * 4, 0, '14 (2)'],
      ['5x5x16', 0, 5 * 5 * 16 * 4, 0, `${14 + 1 * 2} (4)`],
      ['1x1x120', params[2]!, 120 * 4, 400 * 120, '-'],
      ['1x1x120', 0, 120 * 4, 0, '-'],
      ['1x1x84', params[3]!, 84 * 4, 120 * 84, '-'],
      ['1x1x84', 0, 84 * 4, 0, '-'],
      ['1x1x10', params[4]!, 10 * 4, 84 * 10, '-'],
    ];
    expected.forEach(([output, p, bytes, macs, rf], index) => {
      const share = p === 0 ? '-' : `${((p / total) * 100).toFixed(1)}%`;
      expect([at(index)[2], at(index)[3], at(index)[4], at(index)[5], at(index)[6], at(index)[7]], `row ${index}`).toEqual([output, g(p), share, g(bytes), g(macs), rf]);
    });
    // the totals row: sums of the rows after INPUT
    const totals = lines.find((l) => l.includes('total (layers after INPUT)'))!.trim().split(/\s{2,}/);
    const sum = (column: number) => rows.slice(1).reduce((a, r) => a + parseNumber(r[column]!), 0);
    expect(totals.slice(1)).toEqual([total.toLocaleString('en-US'), '100.0%', sum(5).toLocaleString('en-US'), sum(6).toLocaleString('en-US')]);
    expect(sum(3)).toBe(total);
    expect(sum(6)).toBe(117_600 + 240_000 + 48_000 + 10_080 + 840);
    expect(lines).toContain('trainable params: 61,706; non-trainable (buffers): 0');
    // the summary: weights 150 + 2,400 + 48,000 + 10,080 + 840, biases 6 + 16 + 120 + 84 + 10;
    // FLOPs 2 x MACs + RELU's one op per output + max POOL2's 3 comparisons per output
    const macs = 117_600 + 240_000 + 48_000 + 10_080 + 840;
    const flops = 2 * macs + (4_704 + 1_600 + 120 + 84) + 3 * (1_176 + 400);
    const activations = 2 * 4_704 + 1_176 + 2 * 1_600 + 400 + 2 * 120 + 2 * 84 + 10;
    expect(lines).toContain(`params: 61,706 (61.7K) = ${g(150 + 2_400 + 48_000 + 10_080 + 840)} weights + ${6 + 16 + 120 + 84 + 10} biases`);
    expect(lines).toContain(`MACs: ${g(macs)} (416.5K); FLOPs: ${g(flops)} (844.3K) per image`);
    expect(lines).toContain(`activations: ${g(activations)} elements = ${g(activations * 4)} bytes (${(activations * 4 / 1024).toFixed(1)} KiB, fp32) per image`);
    expect(lines).toContain(`  with the input: ${g(activations + 1_024)} elements = ${g((activations + 1_024) * 4)} bytes (61.0 KiB)`);
  });

  it("VGG16: 138,357,544 params, the first FC-4096's 102,764,544 are 74.3% of them", async () => {
    const run = await cli(['table', VGG16]);
    const fc = run.stdout.split('\n').find((l) => l.startsWith('32 '))!.trim().split(/\s{2,}/);
    const fcParams = 7 * 7 * 512 * 4096 + 4096; // flattened pool5 (25,088) x 4,096, plus biases
    expect(fc.slice(1, 5)).toEqual(['FC-4096', '1x1x4096', '102,764,544', '74.3%']);
    expect(fcParams).toBe(102_764_544);
    expect(((fcParams / 138_357_544) * 100).toFixed(1)).toBe('74.3');
    expect(run.stdout).toMatch(/^\s+total \(layers after INPUT\)\s+138,357,544\s+100\.0%/m);
  });

  it('every default table of the examples fits in 120 columns', async () => {
    for (const name of ['vgg16', 'resnet50', 'googlenet', 'alexnet_2012', 'zfnet_paper224']) {
      const widest = Math.max(...(await cli(['table', `${ROOT}examples/${name}.cnn`])).stdout.split('\n').map((l) => l.length));
      expect(widest, name).toBeLessThanOrEqual(120);
    }
  });

  it('totals split params into trainable and non-trainable buffers (BN running statistics)', async () => {
    // ResNet-18's BN layers normalise 64 + 4*64 + 5*128 + 5*256 + 5*512 = 4,800 channels (a downsampling
    // block has a third BN on its shortcut): 2 x 4,800 running statistics; torchvision's 11,689,512 params
    const channels = 64 + 4 * 64 + 5 * 128 + 5 * 256 + 5 * 512;
    const run = await cli(['table', `${ROOT}examples/resnet18.cnn`]);
    expect(run.stdout).toContain(`trainable params: 11,689,512; non-trainable (buffers): ${(2 * channels).toLocaleString('en-US')} (BN's running mean and variance)`);
  });

  it('--columns picks the columns, in order; unknown or repeated names are a usage error listing the valid ones', async () => {
    const run = await cli(['table', `${ROOT}examples/lenet5.cnn`, '--columns', 'layer,kernel,input,output,weights,biases,buffers']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]!.trim().split(/\s{2,}/)).toEqual(['layer', 'kernel', 'input', 'output', 'weights', 'biases', 'buffers']);
    expect(lines[3]!.trim().split(/\s{2,}/)).toEqual(['CONV(f=5, k=6, p=0)', '5x5', '32x32x1', '28x28x6', '150', '6', '0']); // 5*5*1*6 weights
    expect(lines[2]!.trim().split(/\s{2,}/)).toEqual(['INPUT [32x32x1]', '32x32x1', '0', '0', '0']); // INPUT has no input or kernel
    for (const bad of ['layer,colour', 'layer,,output', 'layer,layer']) {
      const r = await cli(['table', VGG16, '--columns', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trimEnd().split('\n'), bad).toHaveLength(1);
    }
    expect((await cli(['table', VGG16, '--columns', 'layer,colour'])).stderr).toBe(
      "cnncalc table: --columns: unknown column 'colour'; the columns are index, layer, kernel, input, output, activations, memory, weights, biases, params, percent, buffers, macs, flops, rf\n",
    );
    const md = (await cli(['table', VGG16, '--format', 'markdown', '--columns', 'layer,params'])).stdout.split('\n');
    expect(md.slice(0, 3)).toEqual(['| layer | params |', '|:---|---:|', '| INPUT \\[224x224x3\\] | 0 |']);
  });

  it('--depth and --columns are refused where they cannot apply (JSON, cs231n) instead of being ignored', async () => {
    for (const argv of [
      ['--json', '--depth', '1'],
      ['--format', 'json', '--columns', 'layer'],
      ['--style', 'cs231n', '--depth', '0'],
    ]) {
      const r = await cli(['table', `${ROOT}examples/resnet18.cnn`, ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/^cnncalc table: --(depth|columns) does not apply to --(format json|style cs231n)/);
    }
  });

  it('--style cs231n prints the notes layout', async () => {
    const run = await cli(['table', VGG16, '--style', 'cs231n']);
    expect(run.stdout.split('\n')[1]).toBe('CONV3-64: [224x224x64] memory: 224*224*64=3.2M weights: (3*3*3)*64 = 1,728');
  });

  it('--json (and --format json) gives the documented names, schemaVersion included', async () => {
    const run = await cli(['table', VGG16, '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Object.keys(report.totals)).toEqual(expect.arrayContaining(['params', 'weights', 'biases', 'activations', 'bytes', 'macs', 'flops']));
    expect(report.totals.params).toBe(138_357_544);
    const layer = report.layers[1];
    for (const key of ['id', 'text', 'kind', 'output', 'activations', 'bytes', 'weights', 'biases', 'params', 'macs', 'flops', 'receptiveField']) expect(layer).toHaveProperty(key);
    expect(layer.output).toEqual({ width: 224, height: 224, depth: 64 });
    expect(layer.receptiveField).toEqual({ size: 3, stride: 1 });
    expect((await cli(['table', VGG16, '--format', 'json'])).stdout).toBe(run.stdout);
  });

  it('--format markdown and csv', async () => {
    const md = (await cli(['table', `${ROOT}examples/cifar10.cnn`, '--format', 'markdown'])).stdout;
    expect(md.split('\n')[0]).toBe('| \\# | layer | output | params | param % | bytes (fp32) | MACs | RF (stride) |');
    // FC-10 on 16x16x12 (3,072 inputs): 30,720 weights + 10 biases = 30,730 of the net's 31,066 params (98.9%); 10*4 bytes
    expect(30_720 + 10 + 324 + 12).toBe(31_066);
    expect(md).toContain('| 4 | FC\\-10 | 1x1x10 | 30,730 | 98.9% | 40 | 30,720 | \\- |');
    const csv = (await cli(['table', `${ROOT}examples/cifar10.cnn`, '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('row,path,index,layer,kernel,input,output,activations,bytes,dtype,weights,biases,params,buffers,macs,flops,rf,rf_stride');
    expect(csv[1]).toBe('layer,,0,INPUT [32x32x3],,,32x32x3,3072,12288,fp32,0,0,0,0,0,0,1,1');
    // CONV(k=12) on 32x32x3: f=3, p=1; 3*3*3*12 = 324 weights; 32*32*12 outputs x 27 MACs = 331,776; FLOPs 2 x MACs
    expect(csv[2]).toBe('layer,,1,CONV(k=12),3x3,32x32x3,32x32x12,12288,49152,fp32,324,12,336,0,331776,663552,3,1');
  });

  it('--dtype changes the bytes: fp16 halves them', async () => {
    const run = await cli(['table', VGG16, '--json', '--dtype', 'fp16']);
    expect(JSON.parse(run.stdout).totals.bytes).toBe(28_650_984 * 2);
  });

  it('--set and --without-optional reach the network', async () => {
    const run = await cli(['table', `${ROOT}examples/pattern.cnn`, '--json', '--set', 'M=1', '--set', 'N=1', '--set', 'K=0', '--without-optional']);
    expect(JSON.parse(run.stdout).layers.map((l: { kind: string }) => l.kind)).toEqual(['input', 'conv', 'relu', 'fc']);
  });

  it("colour as chalk detects it: a terminal, NO_COLOR, TERM=dumb, FORCE_COLOR; --color and --no-color win", async () => {
    const esc = '\u001b[';
    const coloured = async (argv: string[], tty: boolean, env: Record<string, string>) => (await cli(['table', VGG16, ...argv], { tty, env })).stdout.includes(esc);
    const xterm = { TERM: 'xterm-256color' };
    expect(await coloured([], false, xterm)).toBe(false);
    expect(await coloured([], true, xterm)).toBe(true);
    expect(await coloured([], true, { ...xterm, NO_COLOR: '1' })).toBe(false);
    expect(await coloured([], true, { TERM: 'dumb' })).toBe(false);
    expect(await coloured([], true, {})).toBe(false); // no TERM at all: chalk gives level 0 (but on Windows)
    expect(await coloured([], false, { FORCE_COLOR: '1' })).toBe(true); // in a pipe, as chalk
    expect(await coloured([], false, { FORCE_COLOR: '3', TERM: 'dumb' })).toBe(true);
    expect(await coloured([], true, { ...xterm, FORCE_COLOR: '0' })).toBe(false);
    expect(await coloured([], true, { ...xterm, FORCE_COLOR: 'false' })).toBe(false);
    expect(await coloured([], false, { FORCE_COLOR: '' })).toBe(true); // set but empty: level 1
    expect(await coloured(['--no-color'], true, { ...xterm, FORCE_COLOR: '1' })).toBe(false);
    expect(await coloured(['--color'], false, { FORCE_COLOR: '0', NO_COLOR: '1' })).toBe(true);
  });

  it("picks chalk's level from the terminal: truecolor 3, 256 colours 2, xterm 1; FORCE_COLOR raises it", () => {
    const io = (env: Record<string, string>, tty = true) => ({ stdout: () => {}, stderr: () => {}, stdoutIsTTY: tty, stderrIsTTY: tty, env });
    expect(colourLevel({}, io({ TERM: 'xterm', COLORTERM: 'truecolor' }), 'stdout')).toBe(3);
    expect(colourLevel({}, io({ TERM: 'screen-256color' }), 'stdout')).toBe(2);
    expect(colourLevel({}, io({ TERM: 'xterm' }), 'stdout')).toBe(1);
    expect(colourLevel({}, io({ TERM: 'xterm' }, false), 'stdout')).toBe(0);
    expect(colourLevel({}, io({ FORCE_COLOR: '2' }, false), 'stdout')).toBe(2);
    expect(colourLevel({}, io({ FORCE_COLOR: '7' }, false), 'stdout')).toBe(3); // chalk caps it at 3
    expect(colourLevel({ color: true }, io({}, false), 'stderr')).toBe(1);
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
  it("'cnncalc help CMD' prints CMD's help; 'help' alone the general help; an unknown name is a usage error", async () => {
    for (const name of ['table', 'budget', 'lint']) {
      const run = await cli(['help', name]);
      expect(run.code, name).toBe(0);
      expect(run.stdout, name).toBe((await cli([name, '--help'])).stdout);
      expect(run.stdout, name).toMatch(new RegExp(`^Usage: cnncalc ${name} `));
    }
    expect((await cli(['help'])).stdout).toBe((await cli(['--help'])).stdout);
    const bad = await cli(['help', 'tabel']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(`cnncalc help: unknown command 'tabel'; the commands are ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(['table', 'layers', 'lint', 'budget', 'verify', 'run']));
  });
  it('--help lists --columns and every column name', async () => {
    const help = (await cli(['table', '--help'])).stdout;
    expect(help).toContain('--columns A,B,...');
    for (const name of ['kernel', 'input', 'percent', 'buffers', 'flops']) expect(help).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it("'help table' shows the CSV header that --format csv writes", async () => {
    const help = (await cli(['help', 'table'])).stdout.split('\n');
    const shown = help[help.indexOf('The CSV header (--format csv without --columns):') + 1]!.trim();
    const csv = (await cli(['table', `${ROOT}examples/lenet5.cnn`, '--format', 'csv'])).stdout.split('\n')[0];
    expect(shown).toBe(csv);
    // memory is written as bytes and dtype, rf as rf and rf_stride; percent is not a CSV column
    expect(shown).toBe('row,path,index,layer,kernel,input,output,activations,bytes,dtype,weights,biases,params,buffers,macs,flops,rf,rf_stride');
  });

  it('--columns percent is refused with --format csv: CSV holds exact figures, not rounded shares', async () => {
    const r = await cli(['table', `${ROOT}examples/lenet5.cnn`, '--format', 'csv', '--columns', 'layer,params,percent']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cnncalc table: --columns percent does not apply to --format csv: .*divide params by the total row's params/);
    // the same columns are fine in text and Markdown
    expect((await cli(['table', `${ROOT}examples/lenet5.cnn`, '--format', 'markdown', '--columns', 'layer,params,percent'])).code).toBe(0);
  });
});

describe('cnncalc layers', () => {
  it('lists index, position and repetition path', async () => {
    const run = await cli(['layers', `${ROOT}examples/vgg16.cnn`]);
    const line = run.stdout.split('\n').find((l) => l.startsWith(' 3 '))!;
    expect(line).toMatch(/^ 3\s+CONV3-64\s+\S+vgg16\.cnn:5:5\s+block 2 of 2, layer 1 of 2$/);
  });
});
