// Floating-point elements from bytes: float16, bfloat16, float32 and float64 -> Float32Array.
// The byte order is always stated by the caller (safetensors is little-endian, .npy says '<' or '>')
// and used whatever the host's is. float16 and bfloat16 values widen to float32 exactly; float64
// values round to the nearest float32 (as numpy's astype(float32) does). The caller has checked
// that the byte count is a whole number of elements. No Node APIs: runs in a browser too.

export type FloatKind = 'f16' | 'bf16' | 'f32' | 'f64';

export const ELEMENT_BYTES: Readonly<Record<FloatKind, number>> = { f16: 2, bf16: 2, f32: 4, f64: 8 };

/** True when this machine stores numbers least significant byte first (every common one does). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE 754 binary16 bits (0..0xFFFF) -> the number they stand for. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals: fraction x 2^-24
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (0x400 + fraction) * 2 ** (exponent - 25); // 1.fraction x 2^(exponent - 15)
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** bfloat16 bits -> the number: they are the top 16 bits of a float32. */
export function bfloat16ToFloat(bits: number): number {
  scratchBits[0] = (bits & 0xffff) << 16;
  return scratch[0]!;
}

let halfTable: Float32Array | undefined;

/** All 65,536 float16 values, built on first use: a lookup is faster than the arithmetic. */
function halfValues(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(0x10000);
    for (let bits = 0; bits < 0x10000; bits++) halfTable[bits] = halfToFloat(bits);
  }
  return halfTable;
}

/** Decodes `bytes` (a whole number of `kind` elements) into a new, aligned Float32Array. */
export function decodeFloats(bytes: Uint8Array, kind: FloatKind, littleEndian: boolean): Float32Array {
  switch (kind) {
    case 'f16':
      return decode16(bytes, littleEndian, halfValues());
    case 'bf16':
      return decodeBfloat16(bytes, littleEndian);
    case 'f32':
      return decode32(bytes, littleEndian);
    case 'f64':
      return decode64(bytes, littleEndian);
  }
}

function decode16(bytes: Uint8Array, littleEndian: boolean, table: Float32Array): Float32Array {
  const out = new Float32Array(bytes.length >> 1);
  const [lo, hi] = littleEndian ? [0, 1] : [1, 0];
  for (let i = 0; i < out.length; i++) out[i] = table[bytes[2 * i + lo]! | (bytes[2 * i + hi]! << 8)]!;
  return out;
}

function decodeBfloat16(bytes: Uint8Array, littleEndian: boolean): Float32Array {
  const out = new Float32Array(bytes.length >> 1);
  const bits = new Uint32Array(out.buffer); // written bit for bit, so NaN payloads survive
  const [lo, hi] = littleEndian ? [0, 1] : [1, 0];
  for (let i = 0; i < out.length; i++) bits[i] = (bytes[2 * i + lo]! | (bytes[2 * i + hi]! << 8)) << 16;
  return out;
}

/** A fresh ArrayBuffer holding exactly the view's bytes, so a typed array over it starts aligned.
 *  Not bytes.slice(): a Node Buffer's slice() is a view into the same (pooled) ArrayBuffer. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function decode32(bytes: Uint8Array, littleEndian: boolean): Float32Array {
  if (littleEndian === HOST_LITTLE_ENDIAN) return new Float32Array(ownBuffer(bytes));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, littleEndian);
  return out;
}

function decode64(bytes: Uint8Array, littleEndian: boolean): Float32Array {
  if (littleEndian === HOST_LITTLE_ENDIAN) return new Float32Array(new Float64Array(ownBuffer(bytes)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length >> 3);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, littleEndian);
  return out;
}

/** Float32 values -> their little-endian bytes, bit for bit. */
export function encodeFloat32LE(data: Float32Array): Uint8Array {
  if (HOST_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice(); // a copy: not a Buffer
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return out;
}
