// Reading what the command line names without trusting it: only regular files (devices and FIFOs
// refused without blocking), caps on what is read with the size and the cap in the error, binary
// files checked header first, the first NUL byte pointed at, control characters in file names
// escaped, --set given twice refused.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-files-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A file of `size` bytes that starts with `head` and is a hole after it (tmpfs and ext4 make it
 *  sparse: nothing is written, so a test of a 3 GiB file costs no disk). */
function sparse(name: string, head: Uint8Array, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

/** A version 1.0 .npy preamble and header for '<f4' of `shape`, padded to 64 bytes as np.save pads it. */
function npyHead(shape: string): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 64 * Math.ceil((10 + dict.length + 1) / 64);
  const header = dict.padEnd(total - 10 - 1) + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  return out;
}

const NET = file('net.cnn', 'INPUT [2x2x1] => FC-3\n');
const X = file('x.npy', new Uint8Array([...npyHead('(1, 1, 2, 2)'), ...new Uint8Array(4 * 4)])); // one 2x2 image of zeros

describe('only regular files are read', () => {
  // Before: /dev/zero was read until memory ran out, and a FIFO blocked the process forever.
  it('a character device as FILE, --input or --weights is refused by what it is', async () => {
    const r = await cli(['table', '/dev/zero']);
    expect([r.code, r.stderr]).toEqual([2, "cnncalc table: cannot read the network '/dev/zero': it is a character device, not a regular file; give a file (or '-' for stdin)\n"]);
    const input = await cli(['run', NET, '--input', '/dev/zero', '--output', join(dir, 'y.npy')]);
    expect([input.code, input.stderr]).toEqual([2, "cnncalc run: cannot read the input '/dev/zero': it is a character device, not a regular file; give a file\n"]);
    const weights = await cli(['run', NET, '--input', X, '--weights', '/dev/zero', '--output', join(dir, 'y.npy')]);
    expect([weights.code, weights.stderr]).toEqual([2, "cnncalc run: cannot read the weights '/dev/zero': it is a character device, not a regular file; give a file\n"]);
  });

  it('a FIFO is refused without waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.cnn');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['layers', fifo]);
    expect([r.code, r.stderr]).toEqual([2, `cnncalc layers: cannot read the network '${fifo}': it is a named pipe (FIFO), not a regular file; give a file (or '-' for stdin)\n`]);
  });

  it('a directory and a missing file', async () => {
    expect((await cli(['table', dir])).stderr).toBe(`cnncalc table: cannot read the network '${dir}': it is a directory; give a file\n`);
    expect((await cli(['table', join(dir, 'none.cnn')])).stderr).toBe(`cnncalc table: cannot read the network '${join(dir, 'none.cnn')}': no such file; check the path\n`);
  });
});

describe('caps, with the size and the cap in the error', () => {
  it('a 150 MB network file is refused before it is read (cap: 1/200 of the heap)', async () => {
    const path = sparse('huge.cnn', new TextEncoder().encode('INPUT [1x1x1]'), 150_000_000);
    const r = await cli(['table', path]);
    expect(r.code).toBe(2);
    // 150,000,000 / 2^20 = 143.05 MiB; the cap is this process's heap limit / 200
    expect(r.stderr).toMatch(/^cnncalc table: cannot read the network '.*huge\.cnn': it is 143\.1 MiB \(150,000,000 bytes\), more than the \d+\.\d MiB cnncalc reads as a network \(1\/200 of the \d+\.\d GiB heap/);
    expect(r.stderr).toContain('NODE_OPTIONS=--max-old-space-size=MiB');
  });

  it('a sparse 1.9 GB file that is not a .npy is refused by its magic, not read', async () => {
    const path = sparse('zeros.npy', new Uint8Array([0x50, 0x4e]), 1_900_000_000);
    const peakBefore = process.resourceUsage().maxRSS; // KiB
    const r = await cli(['run', NET, '--input', path, '--output', join(dir, 'y.npy')]);
    // Read whole, the 1.9 GB would have raised this process's peak by as much (before: 15.9 s and 1.9 GB)
    expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(512 * 1024);
    expect([r.code, r.stderr]).toEqual([2, `cnncalc run: ${path}: npy: the file does not start with \\x93NUMPY; it is not a .npy file\n`]);
    expect(existsSync(join(dir, 'y.npy'))).toBe(false);
  });
  it('a .npy beyond 2 GiB is refused after its header is checked, before its data is read', async () => {
    // shape (805306368,) of float32 is 805,306,368 x 4 = 3,221,225,472 bytes = 3 GiB, after a header of
    // 10 + 65 (the dict) + 1 (\n) = 76 bytes padded to 128: 3,221,225,600 bytes in all
    const head = npyHead('(805306368,)');
    expect(head.length).toBe(128);
    const path = sparse('big.npy', head, 128 + 3_221_225_472);
    const r = await cli(['run', NET, '--input', path, '--output', join(dir, 'y.npy')]);
    expect([r.code, r.stderr]).toEqual([2, `cnncalc run: cannot read the input '${path}': it is 3.0 GiB (3,221,225,600 bytes), more than the 2.0 GiB cnncalc reads from a .npy file; split the batch into smaller files\n`]);
  });


  it('a safetensors file beyond 4 GiB is refused after its header is checked', async () => {
    // one F32 tensor of 1,342,177,280 elements: x 4 = 5,368,709,120 bytes = 5 GiB of data
    const json = '{"1.weight":{"dtype":"F32","shape":[1342177280],"data_offsets":[0,5368709120]}} '; // padded to 80, as writers pad to 8
    expect(json.length).toBe(80);
    const head = new Uint8Array([80, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(json)]);
    const path = sparse('big.safetensors', head, 8 + 80 + 5_368_709_120);
    const r = await cli(['run', NET, '--input', X, '--weights', path, '--output', join(dir, 'y.npy')]);
    // 5,368,709,208 bytes / 2^30 = 5.00000008 GiB
    expect([r.code, r.stderr]).toEqual([2, `cnncalc run: cannot read the weights '${path}': it is 5.0 GiB (5,368,709,208 bytes), more than the 4.0 GiB cnncalc reads from a safetensors file (the executor holds every weight as float32 in memory)\n`]);
  });
});

describe('NUL bytes', () => {
  it('the error points at the first NUL: line and column as the lexer counts them', async () => {
    // line 1 ends at CRLF; on line 2, "=> RE" is 5 characters, so the NUL is column 6
    const path = file('nul.cnn', 'INPUT [8x8x1]\r\n=> RE\u0000LU\u0000\n');
    const r = await cli(['table', path]);
    expect([r.code, r.stderr]).toEqual([2, `cnncalc table: ${path}:2:6: a NUL byte, so this is not a text file; give a network written in the notation\n`]);
  });

  it('after a byte-order mark, which is not part of line 1', async () => {
    const path = file('bom-nul.cnn', '\ufeff\u0000');
    expect((await cli(['table', path])).stderr).toBe(`cnncalc table: ${path}:1:1: a NUL byte, so this is not a text file; give a network written in the notation\n`);
  });
});

describe('control characters in file names are escaped in messages', () => {
  const name = 'a\u001b[31mred\nline\u202eb.cnn';
  const shown = 'a\\x1b[31mred\\nline\\u202eb.cnn';

  it('in diagnostics, in the too-many-errors line and in the --set warning', async () => {
    const path = file(name, 'INPUT [8x8x1] => FOO\n');
    const r = await cli(['table', path, '--set', 'Q=1']);
    expect(r.stderr).toContain(`${join(dir, shown)}:1:18  error  unknown-name`);
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
  });

  it('in read errors and in the text reports that name the file', async () => {
    const missing = await cli(['table', join(dir, 'no\u0007such.cnn')]);
    expect(missing.stderr).toBe(`cnncalc table: cannot read the network '${join(dir, 'no\\x07such.cnn')}': no such file; check the path\n`);
    const good = file('ok\u001b.cnn', 'INPUT [8x8x1] => RELU\n');
    for (const argv of [['layers', good], ['budget', good, '--batch', '1']]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(join(dir, 'ok\\x1b.cnn'));
      expect(r.stdout).not.toContain('\u001b');
    }
  });

  it('JSON keeps the name as it is (JSON escapes it itself)', async () => {
    const good = file('json\u001b.cnn', 'INPUT [8x8x1] => RELU\n');
    const r = await cli(['layers', good, '--json']);
    expect((JSON.parse(r.stdout) as { file: string }).file).toBe(good);
  });
});

describe('--set', () => {
  it('a name given twice is a usage error naming both values', async () => {
    const r = await cli(['table', 'examples/pattern.cnn', '--set', 'N=2', '--set', 'N=3']);
    expect([r.code, r.stderr]).toEqual([2, 'cnncalc table: --set N is given twice (2 and 3); give it once\n']);
  });

  it("names such as 'constructor' and '__proto__' are names, not Object's members", async () => {
    // Before: k=constructor found Object's constructor in the --set bindings: an internal error.
    const path = file('proto.cnn', 'INPUT [8x8x1] => CONV(f=3, k=constructor, p=1)\n');
    const r = await cli(['table', path, '--set', 'constructor=2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/8x8x2/);
    const unset = await cli(['table', path]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).not.toContain('internal error');
    const proto = file('proto2.cnn', 'INPUT [8x8x1] => CONV(f=3, k=__proto__, p=1)\n');
    expect((await cli(['table', proto, '--set', '__proto__=5'])).stdout).toMatch(/8x8x5/);
  });
});
