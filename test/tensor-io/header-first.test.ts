// The tensor readers read a file header first: through a ByteSource that records every read, a
// damaged or hostile file is refused after reading its preamble and header only, and the figures
// in header errors are the file's own, never rounded through a double.

import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/tensor-io/errors.js';
import { readNpy } from '../../src/tensor-io/npy.js';
import { readSafetensors } from '../../src/tensor-io/safetensors.js';
import { bytesSource, type ByteSource } from '../../src/tensor-io/source.js';

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** A source of `size` bytes: `head`, then zeros; it records what is read. */
function recording(head: number[], size: number): ByteSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    size,
    reads,
    read(offset, length) {
      reads.push([offset, length]);
      const out = new Uint8Array(length);
      out.set(head.slice(offset, offset + length).slice(0, length));
      return out;
    },
  };
}

function error(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as Error).message;
  }
  throw new Error('expected a FormatError');
}

const bytesRead = (s: { reads: [number, number][] }): number => s.reads.reduce((a, [, n]) => a + n, 0);

describe('.npy: preamble and header before data', () => {
  it('a 1.9 GB file without the magic: 12 bytes read', () => {
    const source = recording([0x50, 0x4e], 1_900_000_000);
    expect(error(() => readNpy(source))).toMatch(/does not start with \\x93NUMPY/);
    expect(bytesRead(source)).toBe(12);
  });

  it('a header whose shape needs more data than the file holds: the data is not read', () => {
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }";
    const source = recording([0x93, ...ascii('NUMPY'), 1, 0, header.length, 0, ...ascii(header)], 10 + header.length + 100);
    // 1000 x 4 = 4000 bytes needed, 100 present
    expect(error(() => readNpy(source))).toMatch(/needs 4000 data bytes but the file has 100; it is truncated/);
    expect(source.reads).toEqual([[0, 12], [10, header.length]]); // the preamble (with 2 bytes of header), the header
  });

  it('a header length above numpy\'s default max_header_size of 10,000 bytes is refused unread', () => {
    // version 2.0: a u32 length; 0x00010000 = 65,536
    const source = recording([0x93, ...ascii('NUMPY'), 2, 0, 0, 0, 1, 0], 1_000_000);
    expect(error(() => readNpy(source))).toMatch(/header length field says 65536 bytes, more than the 10000 numpy reads by default/);
    expect(bytesRead(source)).toBe(12);
  });
});

describe('safetensors: the header before the data, each tensor on its own', () => {
  const u64 = (n: bigint): number[] => [...new Uint8Array(new BigUint64Array([n]).buffer)];

  it('a header length of 2^64 - 1 is quoted exactly, after reading 8 bytes', () => {
    const source = recording(u64(2n ** 64n - 1n), 1_000);
    expect(error(() => readSafetensors(source))).toMatch(/header length field says 18446744073709551615 bytes, above the format's limit/);
    expect(bytesRead(source)).toBe(8);
  });

  it('a header length of 2^53 + 1 is not rounded to 2^53', () => {
    expect(error(() => readSafetensors(new Uint8Array(u64(2n ** 53n + 1n))))).toMatch(/says 9007199254740993 bytes/);
  });

  it('offsets and shapes beyond 2^53 are quoted as the file writes them', () => {
    const file = (header: string): Uint8Array => new Uint8Array([...u64(BigInt(header.length)), ...ascii(header)]);
    expect(error(() => readSafetensors(file('{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,18446744073709551615]}}')))).toMatch(
      /tensor "w" has data_offsets \[0,18446744073709551615\]; expected/,
    );
    expect(error(() => readSafetensors(file('{"w":{"dtype":"F32","shape":[1e400, 9007199254740993],"data_offsets":[0,4]}}')))).toMatch(
      /tensor "w" has shape \[1e400,9007199254740993\]; a shape is/,
    );
  });

  it('skipped tensors are not read; the others are read one by one', () => {
    const header = '{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    const bytes = [...u64(BigInt(header.length)), ...ascii(header), ...new Array(8).fill(0), 0, 0, 0x80, 0x3f];
    const source = recording(bytes, bytes.length);
    const tensors = readSafetensors(source, { skip: (name) => name === 'a' });
    expect([...tensors.keys()]).toEqual(['b']);
    expect(tensors.get('b')!.data[0]).toBe(1);
    const dataStart = 8 + header.length;
    expect(source.reads).toEqual([[0, 8], [8, header.length], [dataStart + 8, 4]]);
  });

  it('a key "__proto__" is a tensor name like any other', () => {
    const header = '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const tensors = readSafetensors(bytesSource(new Uint8Array([...u64(BigInt(header.length)), ...ascii(header), 0, 0, 0x80, 0x3f])));
    expect([...tensors.keys()]).toEqual(['__proto__']);
  });
});
