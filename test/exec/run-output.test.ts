// cnncalc run's output file (cli/atomic-write.ts) and its non-finite warnings, through the CLI
// in-process: an output that is one of the run's inputs is refused (by inode, so links and ./x are
// caught) before anything is read, a symbolic link at the output is replaced rather than written
// through, and `-o -` on a terminal is refused. `-o -` to a pipe runs as a process (process part).

import { spawnSync } from 'node:child_process';
import { linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/tensor-io/npy.js';
import { writeSafetensors } from '../../src/tensor-io/safetensors.js';
import { createRandom } from '../../src/exec/random.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

const NET = 'INPUT [2x2x1] => FC-1\n';

/** tiny.cnn, x.npy (one image 1, 2, 3, 4) and w.safetensors (weights 1, 10, 100, 1000, bias 0.5). */
function setup(weights = new Float32Array([1, 10, 100, 1000]), input = new Float32Array([1, 2, 3, 4])): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-out-'));
  writeFileSync(join(dir, 'tiny.cnn'), NET);
  writeFileSync(join(dir, 'x.npy'), writeNpy([1, 1, 2, 2], input));
  writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([
    ['1.weight', { shape: [1, 4], data: weights }],
    ['1.bias', { shape: [1], data: new Float32Array([0.5]) }],
  ])));
  return dir;
}

const runTo = (dir: string, output: string) =>
  cli(['run', join(dir, 'tiny.cnn'), '--weights', join(dir, 'w.safetensors'), '--input', join(dir, 'x.npy'), '--output', output]);

const bytesOf = (dir: string) => Object.fromEntries(['tiny.cnn', 'x.npy', 'w.safetensors'].map((f) => [f, readFileSync(join(dir, f))]));

describe('cnncalc run refuses an output that is one of its inputs', () => {
  it.each([
    ['the network', 'tiny.cnn'],
    ['the input', 'x.npy'],
    ['the weights', 'w.safetensors'],
  ])('%s (%s): exit 2, one line, every file unchanged', async (what, file) => {
    const dir = setup();
    const before = bytesOf(dir);
    const r = await runTo(dir, join(dir, file));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: the output '${join(dir, file)}' is the same file as ${what} '${join(dir, file)}'; give another output path\n`);
    expect(bytesOf(dir)).toEqual(before);
  });

  it('through a symbolic link, a hard link, and ./x for x', async () => {
    const dir = setup();
    const before = bytesOf(dir);
    symlinkSync(join(dir, 'x.npy'), join(dir, 'link.npy'));
    linkSync(join(dir, 'w.safetensors'), join(dir, 'hard.safetensors'));
    const viaLink = await runTo(dir, join(dir, 'link.npy'));
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toContain(`the output '${join(dir, 'link.npy')}' (${join(dir, 'x.npy')}) is the same file as the input`);
    const viaHard = await runTo(dir, join(dir, 'hard.safetensors'));
    expect(viaHard.code).toBe(2);
    expect(viaHard.stderr).toContain('is the same file as the weights');
    const dotted = await runTo(dir, `${dir}/./x.npy`);
    expect(dotted.code).toBe(2);
    expect(dotted.stderr).toContain('is the same file as the input');
    expect(bytesOf(dir)).toEqual(before);
  });
});

describe('cnncalc run writes its output through a temporary file and a rename', () => {
  it('replaces a symbolic link at the output instead of writing through it, and leaves no temporary file', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'other.txt'), 'keep me');
    symlinkSync(join(dir, 'other.txt'), join(dir, 'y.npy'));
    const r = await runTo(dir, join(dir, 'y.npy'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'other.txt'), 'utf8')).toBe('keep me');
    expect(lstatSync(join(dir, 'y.npy')).isSymbolicLink()).toBe(false);
    // 1*1 + 2*10 + 3*100 + 4*1000 + 0.5
    expect(Array.from(readNpy(readFileSync(join(dir, 'y.npy'))).data)).toEqual([4321.5]);
    expect(readdirSync(dir).sort()).toEqual(['other.txt', 'tiny.cnn', 'w.safetensors', 'x.npy', 'y.npy']);
  });

  it('a run that fails leaves an existing output as it was', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'y.npy'), 'old');
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([['1.weight', { shape: [4, 1], data: new Float32Array(4) }]])));
    const r = await runTo(dir, join(dir, 'y.npy'));
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'y.npy'), 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("'-o -' on a terminal is refused before the run, exit 2; it creates no file named '-'", async () => {
    const dir = setup();
    const r = await cli(['run', join(dir, 'tiny.cnn'), '--input', join(dir, 'x.npy'), '-o', '-'], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cnncalc run: the output '-' is stdout, a terminal here, and the output is binary \(\.npy\)/);
    expect(readdirSync(dir)).not.toContain('-');
  });
});

describe("cnncalc run -o - as a process", () => {
  let bundle: string;
  beforeAll(() => {
    bundle = join(mkdtempSync(join(tmpdir(), 'cnncalc-out-cli-')), 'cli.cjs');
    buildSync({ entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  });
  it('writes the .npy to stdout (a pipe), the message to stderr, and no file named -', () => {
    const dir = setup();
    const p = spawnSync(process.execPath, [bundle, 'run', 'tiny.cnn', '--weights', 'w.safetensors', '--input', 'x.npy', '-o', '-'], { cwd: dir });
    expect(p.status).toBe(0);
    const y = readNpy(new Uint8Array(p.stdout));
    expect(y.shape).toEqual([1, 1, 1, 1]);
    expect(Array.from(y.data)).toEqual([4321.5]);
    expect(p.stderr.toString()).toMatch(/^cnncalc run: wrote stdout \[1, 1, 1, 1\]/);
    expect(readdirSync(dir)).not.toContain('-');
  });
});

describe('cnncalc run and verify warn of NaN and infinite values', () => {
  it('names the weight tensor with its layer as table numbers it, the input and the output, with counts; exit 0', async () => {
    const dir = setup(new Float32Array([1, Number.NaN, Infinity, 1]), new Float32Array([Number.NaN, 2, 3, 4]));
    const r = await runTo(dir, join(dir, 'y.npy'));
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual([
      "cnncalc run: warning: weight tensor '1.weight' (layer 1, FC-1) holds 2 non-finite values (1 NaN, 1 infinite)",
      'cnncalc run: warning: the input holds 1 non-finite value (1 NaN)',
      'cnncalc run: warning: the output (layer 1, FC-1) holds 1 non-finite value (1 NaN)',
    ]);
    expect(readNpy(readFileSync(join(dir, 'y.npy'))).data[0]).toBeNaN();
  });

  it('names the layer by its label: arguments resolved, a layer written over two lines on one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-out-'));
    // b(1) is CONV(f=1, k=1) over one channel: weight [1, 1, 1, 1], bias [1]; layer 1, as table numbers it
    writeFileSync(join(dir, 'block.cnn'), 'let b(c) = CONV(f=1,\n    k=c)\nINPUT [1x1x1] => b(1)\n');
    writeFileSync(join(dir, 'x.npy'), writeNpy([1, 1, 1, 1], new Float32Array([2])));
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([
      ['1.weight', { shape: [1, 1, 1, 1], data: new Float32Array([Infinity]) }],
      ['1.bias', { shape: [1], data: new Float32Array([0]) }],
    ])));
    const r = await cli(['run', join(dir, 'block.cnn'), '-w', join(dir, 'w.safetensors'), '-i', join(dir, 'x.npy'), '-o', join(dir, 'y.npy')]);
    expect(r.code).toBe(0);
    // the output: 2 * inf + 0 = inf
    expect(r.stderr.split('\n').filter((l) => l.includes('warning'))).toEqual([
      "cnncalc run: warning: weight tensor '1.weight' (layer 1, CONV(f=1, k=1)) holds 1 non-finite value (1 infinite)",
      'cnncalc run: warning: the output (layer 1, CONV(f=1, k=1)) holds 1 non-finite value (1 infinite)',
    ]);
  });

  it('says nothing when every value is finite', async () => {
    const dir = setup();
    const r = await runTo(dir, join(dir, 'y.npy'));
    expect(r.stderr).not.toContain('warning');
  });

  it('verify warns of a NaN output: RELU zeroes the negative inputs, then LRN(k=0) gives 0 / 0^beta = NaN there', async () => {
    // verify's input is seeded uniform in [-1, 1): -1 + 2u for the first 16 draws of seed 0 (no
    // layer draws weights first); RELU maps x <= 0 to 0, and LRN(size=1, k=0) then computes
    // 0 * (alpha * 0^2)^-0.75 = 0 * inf = NaN, as torch's 0 / 0^beta. Exit 0: every check still holds.
    const random = createRandom(0);
    const zeros = Array.from({ length: 16 }, () => -1 + 2 * random.next()).filter((x) => Math.fround(x) <= 0).length;
    expect(zeros).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-out-'));
    writeFileSync(join(dir, 'nan.cnn'), 'INPUT [1x1x16] => RELU => LRN(size=1, k=0)\n');
    const r = await cli(['verify', join(dir, 'nan.cnn')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`cnncalc verify: warning: the output (layer 2, LRN(size=1, k=0)) holds ${zeros} non-finite value${zeros === 1 ? '' : 's'} (${zeros} NaN)\n`);
    const json = await cli(['verify', join(dir, 'nan.cnn'), '--json']);
    expect(JSON.parse(json.stdout).nonFinite).toEqual([{ role: 'output', name: 'output', layer: { id: 2, text: 'LRN(size=1, k=0)' }, nan: zeros, infinite: 0 }]);
  });
});
