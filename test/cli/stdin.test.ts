// The network from stdin (FILE '-', named by --stdin-filename) and inline (-e/--eval, named
// <eval>), as eslint and tsc users expect, for every command that reads a network. The fake stdin
// comes through the Io interface (run-cli.ts), so these run in-process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const NET = 'INPUT [8x8x1] => RELU\n';
// "INPUT [8x8x1] => " is 17 characters: the layer after it starts at column 18
const BAD = 'INPUT [8x8x1] => FOO\n';

describe("FILE '-' reads the network from stdin", () => {
  it('the table of the network on stdin, named <stdin>, or --stdin-filename in messages and JSON', async () => {
    const r = await cli(['table', '-'], { stdin: NET });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RELU/);
    const bad = await cli(['table', '-'], { stdin: BAD });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^<stdin>:1:18 {2}error {2}unknown-name/);
    const named = await cli(['layers', '-', '--stdin-filename', 'nets/mine.cnn'], { stdin: BAD });
    expect(named.stderr).toMatch(/^nets\/mine\.cnn:1:18 {2}error {2}unknown-name/);
    const json = await cli(['layers', '-', '--json', '--stdin-filename', 'nets/mine.cnn'], { stdin: NET });
    expect((JSON.parse(json.stdout) as { file: string }).file).toBe('nets/mine.cnn');
  });

  it('a NUL on stdin is pointed at under the stdin name; more than the cap is refused', async () => {
    const r = await cli(['table', '-'], { stdin: 'INPUT\u0000' });
    expect(r.stderr).toBe('cnncalc table: <stdin>:1:6: a NUL byte, so this is not a text file; give a network written in the notation\n');
    const big = await cli(['table', '-'], { stdin: new Uint8Array(200_000_000) });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^cnncalc table: cannot read the network from stdin: it holds more than the \d+\.\d MiB cnncalc reads as a network/);
  });

  it('usage errors: - twice, --stdin-filename without -, no stdin at all', async () => {
    expect((await cli(['lint', '-', '-'], { stdin: NET })).stderr).toBe("cnncalc lint: stdin can be read once; give '-' once\n");
    expect((await cli(['table', 'examples/lenet5.cnn', '--stdin-filename', 'x.cnn'])).stderr).toBe(
      "cnncalc table: --stdin-filename names the network read from stdin; give '-' as FILE, e.g. 'cat net.cnn | cnncalc table - --stdin-filename net.cnn'\n",
    );
    const none = await cli(['table', '-']);
    expect([none.code, none.stderr]).toEqual([2, "cnncalc table: there is no standard input to read the network from ('-'); give a file\n"]);
  });
});

describe('-e/--eval takes the network inline', () => {
  it('named <eval> in messages and reports', async () => {
    const r = await cli(['layers', '-e', NET]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<eval>:1:18');
    const bad = await cli(['table', '--eval', BAD]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^<eval>:1:18 {2}error {2}unknown-name/);
  });

  it('with a FILE as well is a usage error', async () => {
    const r = await cli(['table', 'examples/lenet5.cnn', '-e', NET]);
    expect([r.code, r.stderr]).toEqual([2, "cnncalc table: --eval gives the network itself; leave out FILE ('examples/lenet5.cnn')\n"]);
  });
});

describe('every command that reads a network takes - and -e', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-stdin-'));
  const x = join(dir, 'x.npy');
  // np.save of np.zeros((1, 1, 8, 8), np.float32): a 128-byte header ('shape': (1, 1, 8, 8)) and 64 x 4 bytes
  const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 8, 8), }";
  const header = dict.padEnd(128 - 10 - 1) + '\n';
  writeFileSync(x, Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]), Buffer.from(header, 'latin1'), Buffer.alloc(256)]));
  const commands: string[][] = [
    ['table'], ['layers'], ['lint'], ['budget', '--batch', '1'], ['verify'], ['run', '--input', x, '--output', join(dir, 'y.npy')],
  ];

  for (const [name, ...rest] of commands) {
    it(name!, async () => {
      const fromStdin = await cli([name!, '-', ...rest, '--stdin-filename', 'piped.cnn'], { stdin: NET });
      const inline = await cli([name!, '-e', NET, ...rest]);
      for (const r of [fromStdin, inline]) {
        expect(r.stderr).not.toMatch(/error/);
        expect(r.code).toBe(0);
      }
      const broken = await cli([name!, '-e', BAD, ...rest]);
      expect(broken.code).toBe(2);
      expect(broken.stderr + broken.stdout).toMatch(/<eval>:1:18/);
    });
  }
});

it('--help of each command shows the options', async () => {
  for (const name of ['table', 'layers', 'lint', 'budget', 'verify', 'run']) {
    const help = (await cli([name, '--help'])).stdout;
    expect(help).toMatch(/-e, --eval TEXT/);
    expect(help).toMatch(/--stdin-filename NAME/);
  }
});

describe("run's --input and --weights take '-' too", () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-stdin-run-'));
  const net = join(dir, 'net.cnn');
  writeFileSync(net, 'INPUT [2x2x1] => RELU\n');
  // np.save of np.array([[[[-1, 2], [3, -4]]]], np.float32): a 128-byte header, then 4 x 4 bytes
  const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2, 2), }";
  const header = dict.padEnd(128 - 10 - 1) + '\n';
  const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]), Buffer.from(header, 'latin1'), Buffer.from(new Float32Array([-1, 2, 3, -4]).buffer)]);

  it('the input batch from stdin', async () => {
    const out = join(dir, 'y.npy');
    const r = await cli(['run', net, '--input', '-', '--output', out], { stdin: npy });
    expect(r.code).toBe(0);
    const { readNpy } = await import('../../src/tensor-io/npy.js');
    const { readFileSync } = await import('node:fs');
    expect([...readNpy(new Uint8Array(readFileSync(out))).data]).toEqual([0, 2, 3, 0]); // RELU of -1, 2, 3, -4
  });

  it('stdin for two of them is a usage error', async () => {
    const r = await cli(['run', '-', '--input', '-', '--output', join(dir, 'z.npy')], { stdin: npy });
    expect([r.code, r.stderr]).toEqual([2, "cnncalc run: stdin can be read once; give '-' to one of FILE, --input and --weights\n"]);
  });
});
