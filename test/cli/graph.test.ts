// cnncalc graph from the command line: each format to stdout or a file, the options, exit codes and
// one-line errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LAYOUT_NODES } from '../../src/report/graph/index.js';
import { ROOT } from '../helpers.js';
import { cli } from './run-cli.js';

const BRANCH = 'INPUT [8x8x3] => { CONV(f=1, k=4) | CONV(f=3, k=2, p=1) => RELU } => FC-10';

describe('cnncalc graph', () => {
  it('writes the SVG to -o: one box per layer with its output shape', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnncalc-graph-')), 'vgg16.svg');
    const run = await cli(['graph', `${ROOT}examples/vgg16.cnn`, '-o', out]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // VGG16: INPUT, 13 CONV + 13 RELU, 5 POOL, 3 FC + 2 RELU + 2 DROPOUT (examples/vgg16.cnn), 39 boxes
    expect(svg.match(/<title>/g)?.length).toBe(39);
    for (const shape of ['224x224x64', '112x112x128', '56x56x256', '28x28x512', '14x14x512', '7x7x512', '1x1x4096', '1x1x1000']) expect(svg).toContain(`>${shape}<`);
  });

  it('--format dot and mermaid go to stdout; --direction LR sets the rank direction', async () => {
    const dot = await cli(['graph', '-e', BRANCH, '--format', 'dot', '--direction', 'LR']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('rankdir=LR;');
    expect(dot.stdout.match(/ -> /g)?.length).toBe(6);
    const mermaid = await cli(['graph', '-e', BRANCH, '-f', 'mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart TB');
    expect(mermaid.stdout.match(/ --> /g)?.length).toBe(6);
  });

  it('--depth folds blocks and --set binds the network\'s integers', async () => {
    const source = 'let block(c) = CONV(f=3, k=c, p=1) => RELU\nINPUT [8x8x3] => block(N) => FC-10';
    const run = await cli(['graph', '-e', source, '--set', 'N=4', '--depth', '0', '-f', 'dot']);
    expect(run.code).toBe(0);
    // block(4): 3*3*3*4 + 4 = 112 params, output 8x8x4
    expect(run.stdout).toContain('label="block(4)\\n8x8x4\\n112 params"');
    expect(run.stdout.match(/ -> /g)?.length).toBe(2);
  });

  it('a syntax error is one message naming file:line:column, exit 2', async () => {
    const run = await cli(['graph', `${ROOT}test/cli/fixtures/typo.cnn`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`${ROOT}test/cli/fixtures/typo.cnn:2:4  error  unknown-name  unknown layer or binding 'CONVV3'; did you mean CONV3?`);
  });

  it.each([
    [['--format', 'png'], "--format takes svg, dot, mermaid; got 'png'"],
    [['--depth', 'two'], "--depth takes a whole number of at least 0, got 'two'"],
    [['--direction', 'BT'], "--direction takes TB or LR; got 'BT'"],
    [['--json'], "unknown option '--json'"],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const run = await cli(['graph', '-e', BRANCH, ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n').length).toBe(1);
  });

  it('a network too large for the SVG layout is refused with what to do, exit 2; DOT has no limit', async () => {
    const source = `INPUT [2x2x1] => RELU*${MAX_LAYOUT_NODES}`;
    const svg = await cli(['graph', '-e', source]);
    expect(svg.code).toBe(2);
    expect(svg.stderr).toBe('cnncalc graph: <eval>: 10,001 boxes are more than the SVG layout takes (10,000); fold blocks with --depth N, or write --format dot or mermaid\n');
    const dot = await cli(['graph', '-e', source, '-f', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout.match(/ -> /g)?.length).toBe(MAX_LAYOUT_NODES);
  });

  it('-o over the network itself is refused before anything is written', async () => {
    const run = await cli(['graph', `${ROOT}examples/vgg16.cnn`, '-o', `${ROOT}examples/vgg16.cnn`]);
    expect(run.code).toBe(2);
    expect(readFileSync(`${ROOT}examples/vgg16.cnn`, 'utf8')).toContain('INPUT');
  });

  it.each([
    ['vgg16-graph.svg', ['graph', `${ROOT}examples/vgg16.cnn`]],
    ['resnet18-graph.svg', ['graph', `${ROOT}examples/resnet18.cnn`, '--depth', '1']],
  ])("the README's docs/images/%s is what the command makes now", async (image, argv) => {
    const run = await cli(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${ROOT}docs/images/${image}`, 'utf8'));
  });

  it('--help names every option', async () => {
    const run = await cli(['graph', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--format svg|dot|mermaid', '--output FILE', '--depth N', '--direction TB|LR', '--set NAME=INT']) expect(run.stdout).toContain(option);
  });
});
