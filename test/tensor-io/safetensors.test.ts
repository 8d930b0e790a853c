// safetensors against bytes written out by hand, the reference implementation's own serialization
// test vectors (huggingface/safetensors, safetensors/src/tensor.rs tests: test_serialization,
// test_empty, test_serialization_forced_alignement), round trips, and every refusal.

import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/tensor-io/errors.js';
import { readSafetensors, readSafetensorsMetadata, writeSafetensors } from '../../src/tensor-io/safetensors.js';

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const u64 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff, 0, 0, 0, 0];
const f32 = (...values: number[]): number[] => [...new Uint8Array(new Float32Array(values).buffer)];

/** A file from a header text and data bytes: the framing is the whole format, written out. */
function file(header: string, data: number[] = []): Uint8Array {
  return new Uint8Array([...u64(header.length), ...ascii(header), ...data]);
}

function error(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a FormatError');
}

describe('readSafetensors', () => {
  it('reads a 2x2 F32 tensor built byte by byte', () => {
    const bytes = new Uint8Array([
      64, 0, 0, 0, 0, 0, 0, 0, // header length 64, little-endian u64
      ...ascii('{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}       '), // 57 + 7 spaces
      0x00, 0x00, 0x80, 0x3f, // 1
      0x00, 0x00, 0x00, 0x40, // 2
      0x00, 0x00, 0x00, 0xbf, // -0.5
      0x00, 0x00, 0x00, 0x00, // 0
    ]);
    const tensors = readSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['w']);
    const w = tensors.get('w')!;
    expect(w.dtype).toBe('F32');
    expect(w.shape).toEqual([2, 2]);
    expect(w.data).toBeInstanceOf(Float32Array);
    expect([...w.data]).toEqual([1, 2, -0.5, 0]);
  });

  it('reads an unpadded header, whose data is not aligned, from inside a larger buffer', () => {
    const inner = file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', f32(1.5, -3));
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 1);
    expect([...readSafetensors(outer.subarray(1, 1 + inner.length)).get('w')!.data]).toEqual([1.5, -3]);
  });

  it('reads a file in a Node Buffer at an odd offset, with other bytes before and after it', () => {
    // Node's pool hands out Buffers like this; a Buffer's slice() is a view, not a copy.
    const header = '{"b":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]},"d":{"dtype":"F64","shape":[1],"data_offsets":[2,10]},"w":{"dtype":"F32","shape":[2],"data_offsets":[10,18]}}';
    const data = [0x00, 0xbf, 0, 0, 0, 0, 0, 0, 0x04, 0xc0, ...f32(1.5, -3)]; // bf16 0xBF00 = -0.5, f64 0xC004... = -2.5
    const inner = file(header, data);
    const outer = new Uint8Array(inner.length + 6).fill(0xee);
    outer.set(inner, 5);
    const view = Buffer.from(outer.buffer, 5, inner.length);
    const tensors = readSafetensors(view);
    expect([...tensors.get('b')!.data]).toEqual([-0.5]);
    expect([...tensors.get('d')!.data]).toEqual([-2.5]);
    expect([...tensors.get('w')!.data]).toEqual([1.5, -3]);
    expect(tensors.get('w')!.data.buffer.byteLength).toBe(8); // its own buffer, not the file's
  });

  it('converts F16, BF16 and F64 to float32', () => {
    const header =
      '{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},' +
      '"b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]},' +
      '"d":{"dtype":"F64","shape":[1],"data_offsets":[10,18]}}';
    const data = [0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c, 0x80, 0x3f, 0x49, 0x40, 0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f];
    const tensors = readSafetensors(file(header, data));
    expect(tensors.get('h')).toEqual({ dtype: 'F16', shape: [3], data: new Float32Array([1, -2, Infinity]) });
    expect(tensors.get('b')).toEqual({ dtype: 'BF16', shape: [2], data: new Float32Array([1, 3.140625]) });
    expect(tensors.get('d')).toEqual({ dtype: 'F64', shape: [1], data: new Float32Array([0.1]) });
  });

  it('returns tensors in file order whatever the header order, and reads scalars and empty tensors', () => {
    const header =
      '{"second":{"dtype":"F32","shape":[],"data_offsets":[4,8]},' +
      '"empty":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},' +
      '"first":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const tensors = readSafetensors(file(header, f32(7, 8)));
    expect([...tensors.keys()]).toEqual(['first', 'empty', 'second']);
    expect(tensors.get('second')).toEqual({ dtype: 'F32', shape: [], data: new Float32Array([8]) });
    expect(tensors.get('empty')!.data.length).toBe(0);
  });

  it('reads and ignores "__metadata__"', () => {
    const bytes = file('{"__metadata__":{"format":"pt"},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(2));
    expect([...readSafetensors(bytes).keys()]).toEqual(['x']);
    expect(readSafetensorsMetadata(bytes)).toEqual({ format: 'pt' });
    expect(readSafetensorsMetadata(file('{}'))).toEqual({});
  });
});

describe('writeSafetensors', () => {
  it('writes the reference implementation bytes for one tensor (test_serialization)', () => {
    const out = writeSafetensors(new Map([['attn.0', { shape: [1, 2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) }]]));
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'; // 64 bytes: no padding
    expect([...out]).toEqual([...u64(64), ...ascii(header), ...f32(0, 1, 2, 3, 4, 5)]);
  });

  it('pads the header with spaces to a multiple of 8 (test_serialization_forced_alignement)', () => {
    const out = writeSafetensors(new Map([['attn0', { shape: [1, 1, 2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) }]]));
    const header = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}' + ' '.repeat(7); // 65 + 7
    expect([...out]).toEqual([...u64(72), ...ascii(header), ...f32(0, 1, 2, 3, 4, 5)]);
  });

  it('writes an empty file, with and without metadata (test_empty)', () => {
    expect([...writeSafetensors(new Map())]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    const withMetadata = writeSafetensors(new Map(), { framework: 'pt' });
    expect([...withMetadata]).toEqual([...u64(40), ...ascii('{"__metadata__":{"framework":"pt"}}     ')]);
  });

  it('orders tensors by name as UTF-8 bytes, packed from offset 0', () => {
    const one = (v: number) => ({ shape: [1], data: new Float32Array([v]) });
    // UTF-16 order would put U+1F600 (a surrogate pair) before U+FF01; UTF-8 byte order puts it after
    const names = ['b', 'a', '9', '10', '\uff01', '\u{1f600}'];
    const out = writeSafetensors(new Map(names.map((n, i) => [n, one(i)])));
    const headerLength = new DataView(out.buffer).getUint32(0, true);
    const header = new TextDecoder().decode(out.subarray(8, 8 + headerLength));
    const parsed = JSON.parse(header) as Record<string, { data_offsets: number[] }>;
    const inOrder = ['10', '9', 'a', 'b', '\uff01', '\u{1f600}'];
    inOrder.forEach((name, i) => expect(parsed[name]!.data_offsets).toEqual([4 * i, 4 * i + 4]));
    // written in this order too (JSON.stringify of an object would have put "9" and "10" first, in numeric order)
    const positions = inOrder.map((name) => header.indexOf(JSON.stringify(name)));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(headerLength % 8).toBe(0);
  });

  it('round-trips values bit for bit, with metadata', () => {
    const specials = new Float32Array([NaN, -0, Infinity, -Infinity, 2 ** -149, 3.4028234663852886e38, Math.fround(0.1)]);
    const tensors = new Map([
      ['conv1.weight', { shape: [2, 1, 1, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }],
      ['special', { shape: [7], data: specials }],
      ['scalar', { shape: [], data: new Float32Array([42]) }],
      ['empty', { shape: [3, 0], data: new Float32Array(0) }],
    ]);
    const bytes = writeSafetensors(tensors, { format: 'pt', note: 'quotes " and \\ and é' });
    const back = readSafetensors(bytes);
    expect([...back.keys()]).toEqual(['conv1.weight', 'empty', 'scalar', 'special']);
    for (const [name, t] of tensors) {
      expect(back.get(name)!.shape).toEqual(t.shape);
      expect(new Uint8Array(back.get(name)!.data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
    expect(readSafetensorsMetadata(bytes)).toEqual({ format: 'pt', note: 'quotes " and \\ and é' });
  });

  it('accepts Float32Array views at any offset', () => {
    const base = new Float32Array([9, 1, 2, 9]);
    const bytes = writeSafetensors(new Map([['v', { shape: [2], data: base.subarray(1, 3) }]]));
    expect([...readSafetensors(bytes).get('v')!.data]).toEqual([1, 2]);
  });

  it('refuses a shape that does not fit the data, the name "__metadata__" and non-string metadata', () => {
    const bad = (t: Map<string, { shape: number[]; data: Float32Array }>, m?: Record<string, string>) => () => writeSafetensors(t, m);
    expect(bad(new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]]))).toThrow(
      /tensor "w" has shape \[2, 2\] \(4 elements\) but 3 values/,
    );
    expect(bad(new Map([['w', { shape: [-1], data: new Float32Array(0) }]]))).toThrow(/non-negative integers/);
    expect(bad(new Map([['__metadata__', { shape: [0], data: new Float32Array(0) }]]))).toThrow(FormatError);
    expect(bad(new Map(), { n: 3 as unknown as string })).toThrow(/metadata "n" is a number; the format allows string values only/);
  });
});

describe('readSafetensors refuses', () => {
  const w4 = '{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}';

  it('a file too short for the header length', () => {
    expect(error(new Uint8Array([1, 0, 0]))).toMatch(/^safetensors: the file is 3 bytes, too short .* truncated/);
  });

  it('a header length above the format limit', () => {
    expect(error(new Uint8Array([0, 0, 0, 0, 0, 1, 0, 0, 123, 125]))).toMatch(/header length field says 1099511627776 bytes, above the format's limit of 100000000/);
  });

  it('a header length beyond the end of the file', () => {
    expect(error(new Uint8Array([...u64(100), ...ascii('{"w":')]))).toMatch(/says 100 bytes but only 5 follow it; the file is truncated/);
  });

  it('a header that is not UTF-8, not JSON, or not an object', () => {
    expect(error(new Uint8Array([...u64(3), 0x7b, 0xff, 0x7d]))).toMatch(/not valid UTF-8/);
    expect(error(file('{"w":{"dtype"'))).toMatch(/the header is not valid JSON \(.*\); the file is not a safetensors file or is damaged/);
    expect(error(file('[1, 2]   '))).toMatch(/not an object of tensors/);
  });

  it('metadata that is not strings', () => {
    expect(error(file('{"__metadata__":{"epochs":3}}'))).toMatch(/"__metadata__" entry "epochs" is not a string/);
    expect(error(file('{"__metadata__":"pt"}'))).toMatch(/"__metadata__" must be an object of strings/);
  });

  it('malformed entries', () => {
    expect(error(file('{"w":[1]}'))).toMatch(/tensor "w" is not an object with dtype, shape and data_offsets/);
    expect(error(file('{"w":{"shape":[1],"data_offsets":[0,4]}}', f32(1)))).toMatch(/tensor "w" has no dtype string/);
    expect(error(file('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', f32(1)))).toMatch(/shape \[-1\]; a shape is a list of non-negative integers/);
    expect(error(file('{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', f32(1)))).toMatch(/non-negative integers/);
    expect(error(file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', f32(1)))).toMatch(/data_offsets \[4,0\]; expected \[begin, end\] with 0 <= begin <= end/);
    expect(error(file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}', f32(1)))).toMatch(/data_offsets \[0\]/);
  });

  it('a byte count that is not product(shape) x dtype size', () => {
    expect(error(file('{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}', f32(1, 2, 3)))).toMatch(
      /tensor "w" holds 12 bytes but shape \[2, 2\] of F32 needs 4 x 4 = 16; the header is inconsistent/,
    );
    expect(error(file('{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,4]}}', f32(1)))).toMatch(/of I64 needs 1 x 8 = 8/);
  });

  it('data offsets beyond the data (a truncated file)', () => {
    expect(error(file(w4, f32(1, 2)))).toMatch(/tensor "w" ends at byte 16 of the data but there are only 8 data bytes; the file is truncated/);
  });

  it('overlapping tensors, gaps and bytes after the last tensor', () => {
    const two = (a: number[], b: number[]) =>
      `{"a":{"dtype":"F32","shape":[${(a[1]! - a[0]!) / 4}],"data_offsets":[${a}]},"b":{"dtype":"F32","shape":[${(b[1]! - b[0]!) / 4}],"data_offsets":[${b}]}}`;
    expect(error(file(two([0, 16], [8, 24]), f32(1, 2, 3, 4, 5, 6)))).toMatch(/tensor "b" \(bytes 8-24\) overlaps tensor "a" \(ending at 16\)/);
    expect(error(file(two([0, 8], [12, 20]), f32(1, 2, 3, 4, 5)))).toMatch(/bytes 8-12 of the data, before tensor "b", belong to no tensor/);
    expect(error(file(w4, f32(1, 2, 3, 4, 5)))).toMatch(/the file has 4 bytes after its last tensor/);
  });

  it('dtypes other than F32, F16, BF16 and F64, naming them and the supported ones', () => {
    // the reference implementation's own example file: one 2x2 I32 tensor
    const i32 = file('{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}', new Array(16).fill(0));
    expect(error(i32)).toBe(
      'safetensors: tensor "test" has dtype I32, which cannot be read; supported: F32, F16, BF16, F64 (save the tensor as float32)',
    );
    expect(error(file('{"q":{"dtype":"F4","shape":[2],"data_offsets":[0,1]}}', [0]))).toMatch(/tensor "q" has dtype F4, which cannot be read; supported: F32, F16, BF16, F64/);
    // names that are also properties of every JS object are dtypes like any other
    for (const dtype of ['constructor', 'toString', '__proto__']) {
      const bytes = file(`{"x":{"dtype":"${dtype}","shape":[1],"data_offsets":[0,4]}}`, f32(1));
      expect(error(bytes)).toMatch(new RegExp(`tensor "x" has dtype ${dtype}, which cannot be read`));
    }
  });

  it('nothing for tensor names that are also JS property names', () => {
    const bytes = file('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(1, 2));
    const tensors = readSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['__proto__', 'constructor']);
    expect([...readSafetensors(writeSafetensors(tensors)).keys()]).toEqual(['__proto__', 'constructor']);
  });
});
