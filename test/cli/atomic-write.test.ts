// cli/atomic-write.ts: a write that fails part-way (here: the disk fills after the first 8 bytes)
// leaves the file that was there untouched and no temporary file beside it; a write that succeeds
// replaces the file whole.

import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write.js';
import { UsageError } from '../../src/cli/exit-codes.js';

const disk = vi.hoisted(() => ({ fullAfter: Infinity }));

vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  // writes up to `fullAfter` bytes per call, then fails as a full disk does
  const writeSync = (fd: number, bytes: Uint8Array, offset = 0): number => {
    if (offset >= disk.fullAfter) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const end = Math.min(bytes.length, disk.fullAfter);
    return real.writeSync(fd, bytes, offset, end - offset);
  };
  return { ...real, writeSync, default: { ...real, writeSync } };
});

describe('writeFileAtomic', () => {
  it('a write that fails part-way leaves the old file whole and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-atomic-'));
    const path = join(dir, 'y.npy');
    writeFileSync(path, 'the old output');
    disk.fullAfter = 8;
    try {
      expect(() => writeFileAtomic(path, new Uint8Array(64).fill(7), 'the output')).toThrow(UsageError);
      expect(() => writeFileAtomic(path, new Uint8Array(64), 'the output')).toThrow(`cannot write the output '${path}': ENOSPC`);
    } finally {
      disk.fullAfter = Infinity;
    }
    expect(readFileSync(path, 'utf8')).toBe('the old output');
    expect(readdirSync(dir)).toEqual(['y.npy']);
  });

  it('a write that succeeds replaces the file with exactly the new bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-atomic-'));
    const path = join(dir, 'y.npy');
    writeFileSync(path, 'a longer old output than the new one');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]), 'the output');
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['y.npy']);
    expect(fs.statSync(path).isFile()).toBe(true);
  });
});
