// .npy against files numpy 2.4.6 wrote (fixtures/make-npy.py says how each was made), headers
// written out literally, round trips, and every refusal. writeNpy must produce numpy's bytes exactly.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/tensor-io/errors.js';
import { readNpy, writeNpy } from '../../src/tensor-io/npy.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));
/** The file as readFileSync gives it: for a small file, a Buffer inside Node's shared 8 KiB pool. */
const pooled = (name: string): Buffer => readFileSync(fixturePath(name));
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const f32 = (...values: number[]): number[] => [...new Uint8Array(new Float32Array(values).buffer)];
const MAGIC = [0x93, ...ascii('NUMPY')];

/** A version 1.0 file from a header text (not padded: readers must not care) and data bytes. */
function npy(header: string, data: number[] = []): Uint8Array {
  return new Uint8Array([...MAGIC, 1, 0, header.length & 0xff, header.length >> 8, ...ascii(header), ...data]);
}

function error(bytes: Uint8Array): string {
  try {
    readNpy(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('expected a FormatError');
}

const quarters = [0, 0.25, 0.5, 0.75, 1, 1.25];

describe('readNpy on files numpy wrote', () => {
  it.each([
    ['f4-2x3.npy', [2, 3], quarters],
    ['f4-v2.npy', [2, 3], quarters], // version 2.0: u32 header length
    ['f4-v3.npy', [2, 3], quarters], // version 3.0: UTF-8 header
    ['f4-2x3x4x5.npy', [2, 3, 4, 5], Array.from({ length: 120 }, (_, i) => i / 8)],
    ['f4-scalar.npy', [], [3.5]],
    ['f4-0.npy', [0], []],
    ['f4-12345x0.npy', [12345, 0], []],
    ['f4-be.npy', [2], [1.5, -3.25]],
    ['f8.npy', [4], [Math.fround(0.1), -2.5, Infinity, 0]], // 1e300 overflows float32, 1e-50 underflows
    ['f8-be.npy', [2], [Math.fround(0.1), -2.5]],
    ['f2.npy', [6], [1, -2, 65504, 2 ** -24, Infinity, -0]],
    ['f2-be.npy', [2], [1, -2]],
  ])('%s', (name, shape, values) => {
    const array = readNpy(pooled(name));
    expect(array.shape).toEqual(shape);
    expect(array.data).toBeInstanceOf(Float32Array);
    expect(array.data).toEqual(new Float32Array(values));
    if (name === 'f2.npy') expect(Object.is(array.data[5], -0)).toBe(true);
  });

  it('refuses Fortran order, saying how to save in C order', () => {
    expect(error(fixture('fortran.npy'))).toBe(
      'npy: the array is stored in Fortran order; save it in C order with np.save(path, np.ascontiguousarray(a))',
    );
  });

  it('refuses other dtypes, naming the descr', () => {
    expect(error(fixture('i8.npy'))).toBe(
      "npy: the array's dtype is '<i8', which cannot be read; supported: <f4, >f4, <f8, >f8, <f2, >f2 (save it with a.astype(np.float32))",
    );
  });

  it('refuses an .npz archive, saying what it is', () => {
    expect(error(fixture('two.npz'))).toMatch(/this is a zip archive \(np.savez makes these\), not a .npy file/);
  });
});

describe('readNpy on views', () => {
  it('reads a file from a Buffer at an odd offset of a larger buffer, bytes before and after it', () => {
    // 1.5 = 0x3FC00000 and -3.25 = 0xC0500000, big-endian; 0xee stands for the rest of Node's pool
    const file = npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", [0x3f, 0xc0, 0, 0, 0xc0, 0x50, 0, 0]);
    const outer = new Uint8Array(file.length + 4).fill(0xee);
    outer.set(file, 3);
    const view = Buffer.from(outer.buffer, 3, file.length);
    expect(view.byteOffset).toBe(3);
    expect(readNpy(view)).toEqual({ shape: [2], data: new Float32Array([1.5, -3.25]) });
  });

  it('reads readFileSync\'s pooled Buffer of each dtype without a copy by the caller', () => {
    const first = pooled('f8.npy');
    const second = pooled('f2.npy'); // after another file in the pool: a non-zero byteOffset
    expect(first.byteOffset + second.byteOffset).toBeGreaterThan(0);
    expect(readNpy(first).data).toEqual(new Float32Array([Math.fround(0.1), -2.5, Infinity, 0]));
    expect(readNpy(second).data).toEqual(new Float32Array([1, -2, 65504, 2 ** -24, Infinity, -0]));
  });
});

describe('writeNpy', () => {
  it.each([
    ['f4-2x3.npy', [2, 3], quarters],
    ['f4-2x3x4x5.npy', [2, 3, 4, 5], Array.from({ length: 120 }, (_, i) => i / 8)],
    ['f4-scalar.npy', [], [3.5]],
    ['f4-0.npy', [0], []],
    ['f4-12345x0.npy', [12345, 0], []],
  ])('writes the bytes numpy wrote for %s', (name, shape, values) => {
    expect(writeNpy(shape, new Float32Array(values))).toEqual(fixture(name));
  });

  it('writes the header np.save writes, written out', () => {
    const bytes = writeNpy([2, 3], new Float32Array(quarters));
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    // 10 + 59 + 20 growth spaces (21 - len('2')) + 38 padding + '\n' = 128, a multiple of 64
    const header = dict + ' '.repeat(20) + ' '.repeat(128 - 10 - dict.length - 20 - 1) + '\n';
    expect([...bytes.subarray(0, 128)]).toEqual([...MAGIC, 1, 0, 118, 0, ...ascii(header)]);
    expect([...bytes.subarray(128)]).toEqual(f32(...quarters));
  });

  it('starts the data at a multiple of 64 bytes for any shape', () => {
    for (const shape of [[], [1], [7, 7], [1, 2, 3, 4, 5, 6, 7, 8], [123456789, 0], Array(20).fill(1)]) {
      const size = shape.reduce((a, b) => a * b, 1);
      const bytes = writeNpy(shape, new Float32Array(size));
      expect((bytes.length - 4 * size) % 64).toBe(0);
      expect(bytes[bytes.length - 4 * size - 1]).toBe(0x0a);
    }
  });

  it('round-trips values bit for bit', () => {
    const values = new Float32Array([NaN, -0, Infinity, -Infinity, 2 ** -149, 3.4028234663852886e38, Math.fround(0.1), 7]);
    const back = readNpy(writeNpy([2, 1, 4], values));
    expect(back.shape).toEqual([2, 1, 4]);
    expect(new Uint8Array(back.data.buffer)).toEqual(new Uint8Array(values.buffer));
  });

  it('refuses a shape that does not fit the data', () => {
    expect(() => writeNpy([2, 2], new Float32Array(3))).toThrow('npy: shape (2, 2) has 4 elements but 3 values were given');
    expect(() => writeNpy([2.5], new Float32Array(2))).toThrow(/not a list of non-negative integers/);
  });
});

describe('readNpy on headers written out', () => {
  it('reads a 16-byte-aligned version 1.0 header as older numpy wrote it', () => {
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"; // 57 characters
    const header = dict + ' '.repeat(12) + '\n'; // 10 + 70 = 80: the data at a multiple of 16, not 64
    expect(readNpy(npy(header, f32(1, -1)))).toEqual({ shape: [2], data: new Float32Array([1, -1]) });
  });

  it('tolerates key order, spacing, double quotes, trailing commas and Python 2 longs', () => {
    const header = '{ "shape" : ( 2L , ) ,"fortran_order":False,\'descr\':\'<f4\' , }\n';
    expect(readNpy(npy(header, f32(5, 6))).data).toEqual(new Float32Array([5, 6]));
  });

  it('reads Fortran order when there is at most one dimension (the same bytes as C order)', () => {
    expect(readNpy(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", f32(1, 2, 3))).shape).toEqual([3]);
    expect(readNpy(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (), }", f32(4))).data).toEqual(new Float32Array([4]));
  });

  it('refuses a file that is not .npy, truncated or from an unknown version', () => {
    expect(error(new Uint8Array(ascii('GIF89a.....')))).toBe('npy: the file does not start with \\x93NUMPY; it is not a .npy file');
    expect(error(new Uint8Array())).toMatch(/the file is 0 bytes, too short for a .npy header; it is truncated/);
    expect(error(new Uint8Array([...MAGIC, 1]))).toMatch(/the file is 7 bytes/);
    expect(error(new Uint8Array([...MAGIC, 4, 0, 0, 0, 0, 0]))).toMatch(/format version 4.0 is not one of 1.0, 2.0, 3.0/);
    expect(error(new Uint8Array([...MAGIC, 1, 1, 0, 0]))).toMatch(/format version 1.1/);
    expect(error(new Uint8Array([...MAGIC, 2, 0, 0, 0]))).toMatch(/too short to hold its header length/);
    expect(error(new Uint8Array([...MAGIC, 1, 0, 200, 0, ...ascii("{'descr'")]))).toMatch(/header length field says 200 bytes but only 8 follow it; the file is truncated/);
  });

  it('refuses data shorter or longer than the shape says', () => {
    const full = fixture('f4-2x3.npy');
    expect(error(full.subarray(0, full.length - 4))).toBe(
      "npy: shape (2, 3) of '<f4' needs 24 data bytes but the file has 20; it is truncated (copy or save it again)",
    );
    expect(error(new Uint8Array([...full, 0, 0, 0, 0]))).toMatch(/the file has 4 bytes after the array's 24/);
  });

  it('refuses headers that are not the three keys with valid values', () => {
    const h = (text: string) => error(npy(text, f32(1)));
    expect(h("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)")).toMatch(/the header is not a Python literal \(expected '}' but found the end at character \d+\); the file is damaged/);
    expect(h('(1, 2)')).toMatch(/the header is not a dictionary/);
    expect(h("{'descr': '<f4', 'shape': (1,)}")).toMatch(/the header has keys 'descr', 'shape'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'/);
    expect(h("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}")).toMatch(/keys 'descr', 'extra', 'fortran_order', 'shape'/);
    expect(h("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,)}")).toMatch(/structured dtype, which cannot be read/);
    expect(h("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}")).toMatch(/fortran_order is not True or False/);
    expect(h("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}")).toMatch(/shape is not a tuple of non-negative integers/);
    expect(h("{'descr': '<f4', 'fortran_order': False, 'shape': 'x'}")).toMatch(/shape is not a tuple/);
    expect(h("{'descr': '|u1', 'fortran_order': False, 'shape': (4,)}")).toMatch(/dtype is '\|u1', which cannot be read/);
    expect(h("{'descr': 'constructor', 'fortran_order': False, 'shape': (1,)}")).toMatch(/dtype is 'constructor', which cannot be read/);
  });
});
