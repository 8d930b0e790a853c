// The float conversions against bit patterns worked out by hand from IEEE 754:
// binary16 = sign | 5-bit exponent (bias 15) | 10-bit fraction; bfloat16 = the top half of a float32.

import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat, decodeFloats, encodeFloat32LE, halfToFloat } from '../../src/tensor-io/floats.js';

const hex = (bits: number): string => `0x${bits.toString(16).toUpperCase().padStart(4, '0')}`;

describe('halfToFloat', () => {
  it.each([
    [0x3c00, 1], // exponent 15 = 2^0, fraction 0
    [0xc000, -2], // sign, exponent 16
    [0x3800, 0.5],
    [0x3555, 1365 / 4096], // (1 + 341/1024) x 2^-2, float16's nearest to 1/3
    [0x7bff, 65504], // largest finite: (2 - 2^-10) x 2^15
    [0x0400, 2 ** -14], // smallest normal
    [0x0001, 2 ** -24], // smallest subnormal
    [0x03ff, 1023 * 2 ** -24], // largest subnormal
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
    [0x0000, 0],
  ].map(([bits, value]) => [hex(bits!), bits!, value!]))('%s is %s', (_, bits, value) => {
    expect(halfToFloat(bits)).toBe(value);
  });

  it('keeps the sign of zero and reads NaN', () => {
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(0xfc01)).toBeNaN();
  });
});

describe('bfloat16ToFloat', () => {
  it.each([
    [0x3f80, 1], // float32 0x3F800000
    [0xc000, -2],
    [0x4049, 3.140625], // 2 x (1 + 0x49/128)
    [0x7f80, Infinity],
    [0xff80, -Infinity],
    [0x0001, 2 ** -133], // float32 subnormal 0x00010000 = 2^16 x 2^-149
  ].map(([bits, value]) => [hex(bits!), bits!, value!]))('%s is %s', (_, bits, value) => {
    expect(bfloat16ToFloat(bits)).toBe(value);
  });

  it('keeps the sign of zero and reads NaN', () => {
    expect(Object.is(bfloat16ToFloat(0x8000), -0)).toBe(true);
    expect(bfloat16ToFloat(0x7fc0)).toBeNaN();
  });
});

describe('decodeFloats', () => {
  it('reads float16 in either byte order', () => {
    const little = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00]);
    expect([...decodeFloats(little, 'f16', true)]).toEqual([1, -2, 2 ** -24]);
    const big = new Uint8Array([0x3c, 0x00, 0xc0, 0x00]);
    expect([...decodeFloats(big, 'f16', false)]).toEqual([1, -2]);
  });

  it('reads bfloat16', () => {
    expect([...decodeFloats(new Uint8Array([0x80, 0x3f, 0x00, 0xc0]), 'bf16', true)]).toEqual([1, -2]);
    expect([...decodeFloats(new Uint8Array([0x3f, 0x80]), 'bf16', false)]).toEqual([1]);
  });

  it('reads float32 from any byte offset into an aligned array', () => {
    const buffer = new Uint8Array([0xee, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xbf]);
    const data = decodeFloats(buffer.subarray(1), 'f32', true); // offset 1: not 4-aligned
    expect([...data]).toEqual([1, -0.5]);
    expect(data.byteOffset).toBe(0);
    expect([...decodeFloats(new Uint8Array([0x3f, 0x80, 0x00, 0x00]), 'f32', false)]).toEqual([1]);
  });

  it('reads every kind from a Node Buffer at an odd byte offset, leaving the bytes around it alone', () => {
    // A Buffer is a Uint8Array whose slice() is a view, not a copy: decoding must copy only the
    // view's bytes. 0xee stands for whatever else shares the ArrayBuffer (Node's pool).
    const at3 = (bytes: number[]): Buffer => Buffer.from(new Uint8Array([0xee, 0xee, 0xee, ...bytes, 0xee]).buffer, 3, bytes.length);
    const f32 = decodeFloats(at3([0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x50, 0xc0]), 'f32', true); // 0x3FC00000, 0xC0500000
    expect([...f32]).toEqual([1.5, -3.25]);
    expect(f32.byteOffset).toBe(0);
    expect(f32.buffer.byteLength).toBe(8);
    expect([...decodeFloats(at3([0x3f, 0xc0, 0x00, 0x00]), 'f32', false)]).toEqual([1.5]);
    expect([...decodeFloats(at3([0, 0, 0, 0, 0, 0, 0x04, 0xc0]), 'f64', true)]).toEqual([-2.5]); // 0xC004000000000000
    expect([...decodeFloats(at3([0xc0, 0x04, 0, 0, 0, 0, 0, 0]), 'f64', false)]).toEqual([-2.5]);
    expect([...decodeFloats(at3([0x00, 0x3c, 0x00, 0xc0]), 'f16', true)]).toEqual([1, -2]); // 0x3C00, 0xC000
    expect([...decodeFloats(at3([0x00, 0xbf]), 'bf16', true)]).toEqual([-0.5]); // 0xBF00
  });

  it('rounds float64 to the nearest float32', () => {
    const point1 = [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f]; // 0.1 = 0x3FB999999999999A
    expect([...decodeFloats(new Uint8Array(point1), 'f64', true)]).toEqual([Math.fround(0.1)]);
    expect([...decodeFloats(new Uint8Array([...point1].reverse()), 'f64', false)]).toEqual([Math.fround(0.1)]);
  });

  it('copies rather than aliasing the input', () => {
    const bytes = new Uint8Array([0x00, 0x00, 0x80, 0x3f]);
    const data = decodeFloats(bytes, 'f32', true);
    bytes[3] = 0x40;
    expect(data[0]).toBe(1);
  });
});

describe('encodeFloat32LE', () => {
  it('writes little-endian bytes bit for bit', () => {
    const bytes = encodeFloat32LE(new Float32Array([1, -2, -0]));
    expect([...bytes]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x80]);
  });
});
