// cnncalc run's bad-input paths through the CLI, in-process: each is a one-line message naming the
// file and what to do, exit 2, never "internal error".

import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/tensor-io/npy.js';
import { cli } from '../cli/run-cli.js';

/** A directory with tiny.cnn (INPUT [2x2x1] => FC-1) and x.npy, a batch of one that fits it. */
function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-run-'));
  writeFileSync(join(dir, 'tiny.cnn'), 'INPUT [2x2x1] => FC-1\n');
  writeFileSync(join(dir, 'x.npy'), writeNpy([1, 1, 2, 2], new Float32Array(4)));
  return dir;
}

const runTo = (dir: string, output: string) => cli(['run', join(dir, 'tiny.cnn'), '--input', join(dir, 'x.npy'), '--output', output]);

describe('cnncalc run --output that cannot be written', () => {
  it('a directory', async () => {
    const dir = setup();
    const out = join(dir, 'out');
    mkdirSync(out);
    const r = await runTo(dir, out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: cannot write the output '${out}': it is a directory; check the path\n`);
  });

  it('in a directory that does not exist', async () => {
    const dir = setup();
    const out = join(dir, 'missing', 'y.npy');
    const r = await runTo(dir, out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: cannot write the output '${out}': its directory does not exist; check the path\n`);
  });

  it('under a path whose directory part is a file', async () => {
    const dir = setup();
    const out = join(dir, 'x.npy', 'y.npy');
    const r = await runTo(dir, out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: cannot write the output '${out}': a part of the path is not a directory; check the path\n`);
  });

  // root may write anywhere, so the permission check can only be seen by other users
  it.skipIf(process.getuid?.() === 0)('in a read-only directory', async () => {
    const dir = setup();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const out = join(locked, 'y.npy');
    const r = await runTo(dir, out);
    chmodSync(locked, 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: cannot write the output '${out}': permission denied; check the path\n`);
  });
});

describe('cnncalc run --input of the wrong shape', () => {
  it('a batch of no images (N = 0) names the file and the shape', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'empty.npy'), writeNpy([0, 1, 2, 2], new Float32Array(0)));
    const r = await cli(['run', join(dir, 'tiny.cnn'), '--input', join(dir, 'empty.npy'), '--output', join(dir, 'y.npy')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: ${join(dir, 'empty.npy')}: the input has shape [0, 1, 2, 2], a batch of no images; the network takes [N, 1, 2, 2] (N, C, H, W with N >= 1)\n`);
  });

  it('channels that do not match, before the memory guard', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'rgb.npy'), writeNpy([1, 3, 2, 2], new Float32Array(12)));
    const r = await cli(['run', join(dir, 'tiny.cnn'), '--input', join(dir, 'rgb.npy'), '--output', join(dir, 'y.npy'), '--max-memory', '1B']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: ${join(dir, 'rgb.npy')}: the input has shape [1, 3, 2, 2]; the network takes [N, 1, 2, 2] (N, C, H, W with N >= 1)\n`);
  });
});

describe('cnncalc run over --max-memory', () => {
  it('asks for a smaller input batch (run has no --batch), exit 2', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'big.npy'), writeNpy([1000, 1, 2, 2], new Float32Array(4000)));
    const r = await cli(['run', join(dir, 'tiny.cnn'), '--input', join(dir, 'big.npy'), '--output', join(dir, 'y.npy'), '--max-memory', '10KiB']);
    expect(r.code).toBe(2);
    // objects: 2 layers (INPUT, FC) x 1,024 bytes + 2 tensors (FC weight, bias) x 768 = 3,584 = 3.5 KiB
    expect(r.stderr).toMatch(/^cnncalc run: the run would need [\d.]+ KiB \([\d.]+ KiB of tensors, the budget's prediction, and 3\.5 KiB of the executor's per-layer objects\), more than --max-memory 10\.0 KiB; use a smaller input batch or raise --max-memory\n$/);
    expect(r.stderr).not.toContain('--batch');
  });
});
