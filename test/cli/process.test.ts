// The command line as a process, for what only a process shows: how stdout is written (cli/output.ts
// writes files, pipes and /dev/null with writeSync) and what happens when it cannot be. src/cli/bin.ts
// is bundled once with esbuild, as scripts/build.mjs does, so this needs no prior `npm run build`.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { analysisOf, example, ROOT } from '../helpers.js';

let dir: string;
let cli: string;
let long: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cnncalc-process-'));
  cli = join(dir, 'cli.cjs');
  buildSync({ entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  // 20,000 layers: about 2.4 MB of table, far more than a pipe holds (64 KiB on Linux)
  long = join(dir, 'long.cnn');
  writeFileSync(long, 'INPUT [8x8x4]\n' + '=> CONV3-4 => RELU\n'.repeat(10_000));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnncalc as a process', () => {
  it('writes the same table to a file and to a pipe as renderTable makes', () => {
    const expected = renderTable(analysisOf(example('vgg16.cnn')));
    const out = join(dir, 'out.txt');
    const fd = openSync(out, 'w');
    const toFile = spawnSync(process.execPath, [cli, 'table', join(ROOT, 'examples/vgg16.cnn')], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(toFile.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    const toPipe = spawnSync(process.execPath, [cli, 'table', join(ROOT, 'examples/vgg16.cnn')], { encoding: 'utf8' });
    expect(toPipe.status).toBe(0);
    expect(toPipe.stdout).toBe(expected);
  });

  it('writes a long table through a pipe whole, in order', () => {
    const r = spawnSync(process.execPath, [cli, 'table', long, '--format', 'csv'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 20_001 + 1); // header, INPUT and 20,000 layers, totals
    expect(lines[20_001]!.startsWith('layer,,20000,RELU,')).toBe(true); // row kind, block path, index
  });

  it('stops quietly with exit code 0 when the reader goes away (cnncalc table big.cnn | head)', async () => {
    const child = spawn(process.execPath, [cli, 'table', long], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('says so in one line with exit code 2 when a file given as stdout cannot be written', () => {
    const out = join(dir, 'read-only-descriptor.txt');
    writeFileSync(out, '');
    const fd = openSync(out, 'r'); // a descriptor open for reading only: every write fails (EBADF)
    const r = spawnSync(process.execPath, [cli, 'table', join(ROOT, 'examples/vgg16.cnn')], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect(r.stderr).toMatch(/^cnncalc: cannot write stdout: EBADF[^\n]*\n$/);
    expect(r.status).toBe(2);
  });

  it.skipIf(!existsSync('/dev/full'))('says so in one line with exit code 2 when stdout cannot be written (a full disk)', () => {
    const fd = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [cli, 'table', join(ROOT, 'examples/vgg16.cnn')], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cnncalc: cannot write stdout: ENOSPC[^\n]*\n$/);
  });
});
