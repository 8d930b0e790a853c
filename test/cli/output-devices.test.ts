// -o onto something that is not a regular file: a character device (/dev/null) is written as it
// is, never renamed over (which replaced /dev/null itself with a file); a directory is refused.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-devices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A node like /dev/null (character device 1, 3) of our own, or null where this user may not make one. */
function nullDevice(): string | null {
  const path = join(dir, 'mynull');
  const made = spawnSync('mknod', ['-m', '666', path, 'c', '1', '3']);
  return made.status === 0 ? path : null;
}

describe('-o onto a device', () => {
  const dev = nullDevice();
  it.skipIf(dev === null)('lint and export write to a character device and leave it a device', async () => {
    for (const args of [['lint', 'examples/lenet5.cnn', '--format', 'sarif', '-o', dev!], ['export', 'examples/lenet5.cnn', '-o', dev!]]) {
      const run = await cli(args);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code).toBe(0);
      expect(statSync(dev!).isCharacterDevice()).toBe(true);
    }
  });

  it('a directory is refused', async () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const run = await cli(['export', 'examples/lenet5.cnn', '-o', sub]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a directory');
  });
});
