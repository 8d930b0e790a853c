// A tensor on stdin (run --input - / --weights -) is checked on its first bytes: a stream that is
// not the format is refused before the rest is read (before, /dev/zero was read to the 2 GiB cap).
// Run as a process with a real pipe, to count what the CLI took before it stopped reading.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/tensor-io/npy.js';
import { ROOT } from '../helpers.js';

let dir: string;
let cli: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cnncalc-stdin-head-'));
  cli = join(dir, 'cli.cjs');
  // LeNet-5's input, one 32x32 grey image in N, C, H, W
  writeFileSync(join(dir, 'x.npy'), writeNpy([1, 1, 32, 32], new Float32Array(32 * 32)));
  buildSync({ entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Feeds zeros to the CLI's stdin, 1 MiB at a time up to `limit`, until it stops reading. */
function feedZeros(args: string[], limit: number): Promise<{ code: number | null; stderr: string; written: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let written = 0;
    const chunk = Buffer.alloc(1 << 20);
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.stdin.on('error', () => {}); // EPIPE once the CLI has stopped reading
    const write = (): void => {
      while (written < limit) {
        written += chunk.length;
        if (!child.stdin.write(chunk)) return void child.stdin.once('drain', write);
      }
      child.stdin.end();
    };
    write();
    child.on('close', (code) => resolve({ code, stderr, written }));
  });
}

describe('a tensor on stdin', () => {
  it('is refused on its first bytes when it is not a .npy', async () => {
    const r = await feedZeros(['run', 'examples/lenet5.cnn', '--input', '-', '--output', join(dir, 'o.npy')], 512 << 20);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not start with \\x93NUMPY');
    expect(r.written).toBeLessThan(64 << 20); // it stopped reading long before the 512 MiB on offer
  });

  it('is refused on its first bytes when its safetensors length field cannot be a header', async () => {
    const r = await feedZeros(['run', 'examples/lenet5.cnn', '--input', join(dir, 'x.npy'), '--weights', '-', '--output', join(dir, 'o.npy')], 512 << 20);
    expect(r.code).toBe(2);
    // eight zero bytes: a header of 0 bytes, which no JSON header fits in
    expect(r.stderr).toContain('the header length field says 0 bytes');
    expect(r.written).toBeLessThan(64 << 20);
  });
});
