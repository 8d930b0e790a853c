// What the bundled CLI loads and needs at start, seen from a child process: node:v8 only when a
// command asks about the heap (cli/memory-guard.ts loads it on first use), no working directory
// needed to load it, and stdin errors that name what was being read (cli/read-file.ts). src/cli/bin.ts
// is bundled with esbuild as scripts/build.mjs does, so this needs no prior `npm run build`.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../src/cli/output.js';
import { renderTable } from '../../src/report/table.js';
import { analysisOf, example, ROOT } from '../helpers.js';

let dir: string;
let cli: string;
const lenet = join(ROOT, 'examples/lenet5.cnn');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cnncalc-start-up-'));
  cli = join(dir, 'cli.cjs');
  buildSync({ entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle with `args` from node -e, which then prints the built-in modules the process
 *  loaded as the last line of stderr. */
function modulesLoaded(args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const code = "process.on('exit', () => require('fs').writeSync(2, '\\n' + JSON.stringify(process.moduleLoadList))); require(process.argv[1]);";
  const r = spawnSync(process.execPath, ['-e', code, cli, ...args], { encoding: 'utf8' });
  const last = r.stderr.trimEnd().split('\n').pop() ?? '[]';
  return { status: r.status, stdout: r.stdout, modules: JSON.parse(last) as string[] };
}

describe('node:v8 is loaded only when the heap is asked', () => {
  it('a table of LeNet-5 does not load it', () => {
    const r = modulesLoaded(['table', lenet]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(renderTable(analysisOf(example('lenet5.cnn'))));
    expect(r.modules).not.toContain('NativeModule v8');
  });

  it('--max-layers, checked against the heap, does (so the check above sees it when it is loaded)', () => {
    const r = modulesLoaded(['table', lenet, '--max-layers', '5000']);
    expect(r.status).toBe(0);
    expect(r.modules).toContain('NativeModule v8');
  });
});

describe('run from a working directory that has been deleted', () => {
  it('reads the heap without asking for the directory (it was "internal error: ENOENT uv_cwd")', () => {
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    // node -e: enter the directory, delete it, then run the CLI with the arguments after it
    const code = "const d = process.argv[1]; process.chdir(d); require('fs').rmdirSync(d); process.argv.splice(1, 1); require(process.argv[1]);";
    const r = spawnSync(process.execPath, ['-e', code, gone, cli, 'table', lenet, '--max-layers', '5000'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(renderTable(analysisOf(example('lenet5.cnn'))));
  });
});

describe('a stdin that cannot be read is named as what was read from it', () => {
  // A directory as standard input: reading it fails with EISDIR, which read-file.ts words as 'it is a directory'.
  function withDirectoryStdin(args: string[]): { status: number | null; stderr: string } {
    const fd = openSync(dir, 'r');
    try {
      const r = spawnSync(process.execPath, [cli, ...args], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr };
    } finally {
      closeSync(fd);
    }
  }

  it("run --input - says 'the input', --weights - 'the weights', FILE - 'the network'", () => {
    const net = join(dir, 'net.cnn');
    writeFileSync(net, 'INPUT [2x2x1] => RELU\n');
    const out = join(dir, 'y.npy');
    expect(withDirectoryStdin(['run', net, '--input', '-', '--output', out])).toEqual({ status: 2, stderr: 'cnncalc run: cannot read the input from stdin: it is a directory\n' });
    // np.save of a float32 [1, 1, 2, 2] batch: a 128-byte header, then 4 x 4 bytes
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2, 2), }";
    const header = dict.padEnd(128 - 10 - 1) + '\n';
    const x = join(dir, 'x.npy');
    writeFileSync(x, Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]), Buffer.from(header, 'latin1'), Buffer.from(new Float32Array([-1, 2, 3, -4]).buffer)]));
    expect(withDirectoryStdin(['run', net, '--input', x, '--weights', '-', '--output', out])).toEqual({ status: 2, stderr: 'cnncalc run: cannot read the weights from stdin: it is a directory\n' });
    expect(withDirectoryStdin(['table', '-'])).toEqual({ status: 2, stderr: 'cnncalc table: cannot read the network from stdin: it is a directory\n' });
  });
});

describe('sleep', () => {
  it('blocks for at least the milliseconds given', () => {
    const start = performance.now();
    sleep(30);
    expect(performance.now() - start).toBeGreaterThanOrEqual(29); // timers may round the millisecond down
  });
});
