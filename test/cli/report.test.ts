// cnncalc report from the command line: the page written to -o (or stdout), the budget's options,
// and the usage errors and bad input that exit 2.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { externalReferences } from '../report/html/page-checks.js';
import { cli } from './run-cli.js';

const VGG16 = `${ROOT}examples/vgg16.cnn`;
const dir = mkdtempSync(join(tmpdir(), 'cnncalc-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnncalc report', () => {
  it('writes the page to -o and prints nothing', async () => {
    const out = join(dir, 'vgg16.html');
    const run = await cli(['report', VGG16, '-o', out]);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('>138,357,544<');
    expect(externalReferences(html)).toEqual([]);
  });

  it("draws the network as cnncalc graph does: a box per layer with its output shape", async () => {
    // LeNet-5's shapes (LeCun et al. 1998): 28x28x6, 14x14x6, 10x10x16, 5x5x16, then 120, 84, 10
    const run = await cli(['report', `${ROOT}examples/lenet5.cnn`, '-o', '-']);
    expect(run.code).toBe(0);
    const figure = /<figure class="diagram">(<svg[\s\S]*?<\/svg>)\s*<\/figure>/.exec(run.stdout)![1]!;
    for (const shape of ['28x28x6', '14x14x6', '10x10x16', '5x5x16', '1x1x120', '1x1x84', '1x1x10']) expect(figure).toContain(shape);
    const graph = await cli(['graph', `${ROOT}examples/lenet5.cnn`]);
    expect(graph.stdout.trim()).toBe(figure);
    expect(externalReferences(run.stdout)).toEqual([]);
  });

  it("'-o -' writes it to stdout", async () => {
    const run = await cli(['report', '-e', 'INPUT [8x8x1] => FC-2', '-o', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!DOCTYPE html>[\s\S]*<h1>&lt;eval&gt;<\/h1>[\s\S]*<\/html>\n$/);
  });

  it("takes the budget's options: batch, dtype, optimizer, device", async () => {
    const run = await cli(['report', VGG16, '-o', '-', '--batch', '8', '--dtype', 'mixed', '--optimizer', 'adam', '--device', 'V100-16GB']);
    expect(run.code).toBe(0);
    const budget = await cli(['budget', VGG16, '--batch', '8', '--dtype', 'mixed', '--optimizer', 'adam', '--device', 'V100-16GB']);
    const total = /total \(peak during ([^)]+)\)\s+([\d,]+)/.exec(budget.stdout)!;
    expect(run.stdout).toContain(`Peak during ${total[1]}: <strong>${total[2]} bytes`);
    expect(run.stdout).toContain('examples/vgg16.cnn: training with adam, batch 8, mixed, V100-16GB');
  });

  it('with --inference, the memory of one forward pass', async () => {
    const run = await cli(['report', VGG16, '-o', '-', '--inference', '--runtime', 'cnncalc']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<h2>Memory of one inference pass</h2>');
    expect(run.stdout).toMatch(/Peak during inference at layer \d+ /);
    expect(run.stdout).not.toContain('>optimizer step<');
  });

  it("lints under the network's cnncalc.config.json, as cnncalc lint does", async () => {
    const folder = join(dir, 'configured');
    mkdirSync(folder);
    copyFileSync(VGG16, join(folder, 'vgg16.cnn'));
    writeFileSync(join(folder, 'cnncalc.config.json'), '{ "rules": { "param-heavy-layer": "warning" } }');
    const run = await cli(['report', join(folder, 'vgg16.cnn'), '-o', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<p>0 errors, 1 warning, 0 notes</p>');
    expect(run.stdout).toMatch(/<pre class="finding warning">[^<]*vgg16\.cnn:10:5  warning  param-heavy-layer  /);
    writeFileSync(join(folder, 'cnncalc.config.json'), '{ "rules": { "param-heavy-layer": "loud" } }');
    const bad = await cli(['report', join(folder, 'vgg16.cnn'), '-o', '-']);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/cnncalc\.config\.json:1:/);
  });

  it('exits 0 with a step over the limit: the page says it does not fit', async () => {
    const run = await cli(['report', VGG16, '-o', '-', '--limit', '1MiB']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<li>DOES NOT FIT: ');
  });

  it('lists its options in --help', async () => {
    const run = await cli(['report', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['-o, --output FILE.html', '--batch B', '--optimizer', '--device NAME', '--runtime', '--set NAME=INT']) expect(run.stdout).toContain(option);
  });
});

describe('cnncalc report: bad input and usage (exit 2, one line)', () => {
  const cases: [string, string[], RegExp][] = [
    ['no -o', ['report', VGG16], /report needs -o FILE\.html/],
    ['a bad --dtype', ['report', VGG16, '-o', '-', '--dtype', 'fp64'], /--dtype takes fp32, fp16, bf16, mixed; got 'fp64'/],
    ['--device and --limit', ['report', VGG16, '-o', '-', '--device', 'V100-16GB', '--limit', '8GiB'], /give --device or --limit, not both/],
    ['--batch 0', ['report', VGG16, '-o', '-', '--batch', '0'], /--batch takes a whole number of at least 1, got '0'/],
    ['an unknown device', ['report', VGG16, '-o', '-', '--device', 'GTX-1'], /unknown device 'GTX-1'/],
    ['two files', ['report', VGG16, VGG16, '-o', '-'], /report takes one network file, got 2/],
    ['an output over the network', ['report', VGG16, '-o', VGG16], /is the same file as the network/],
    // 224*224*3 x 4 = 602,112 input bytes per image, x (2^53 - 1) images, is far above 2^53 - 1
    ['a batch whose bytes are not exact', ['report', VGG16, '-o', '-', '--batch', '9007199254740991'], /above 2\^53 - 1 = 9,007,199,254,740,991; cnncalc refuses to print an inexact figure/],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a network that does not compile: its file:line:column, and no page', async () => {
    const out = join(dir, 'bad.html');
    const run = await cli(['report', '-e', 'INPUT [28x28x1] => FOO', '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^<eval>:1:20 +error/);
    expect(() => readFileSync(out)).toThrow();
  });
});
