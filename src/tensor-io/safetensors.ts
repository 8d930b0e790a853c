// safetensors files <-> float32 tensors (format and checks: safetensors-header.ts).
// Reading converts F32, F16, BF16 and F64 tensors to aligned Float32Arrays and refuses any other
// dtype by name, except in tensors the caller asks to skip (their bytes are still checked). The
// header is read and checked first, then each tensor's bytes (from a ByteSource: a file is never
// read whole). Writing produces what the reference implementation (huggingface/safetensors)
// serializes: F32 tensors in name order (its order for tensors of one dtype), compact JSON with
// "__metadata__" first, the header padded with spaces to a multiple of 8 bytes so every tensor's
// data is aligned. Pure: bytes in, bytes out, no Node APIs.

import { FormatError } from './errors.js';
import { decodeFloats, encodeFloat32LE, type FloatKind } from './floats.js';
import { parseSafetensorsHeader } from './safetensors-header.js';
import { asSource, type ByteSource } from './source.js';

export interface SafetensorsTensor {
  /** As the file has it: F32, F16, BF16 or F64. The data is float32 whatever it was. */
  dtype: string;
  shape: number[];
  data: Float32Array;
}

export interface TensorToWrite {
  shape: number[];
  data: Float32Array;
}

const DECODED = new Map<string, FloatKind>([['F32', 'f32'], ['F16', 'f16'], ['BF16', 'bf16'], ['F64', 'f64']]);

export interface ReadOptions {
  /** Tensors to leave out before decoding, whatever their dtype (PyTorch's integer bookkeeping). */
  readonly skip?: (name: string) => boolean;
}

/** The tensors of a safetensors file, in file order, as float32. Throws FormatError. */
export function readSafetensors(input: Uint8Array | ByteSource, options: ReadOptions = {}): Map<string, SafetensorsTensor> {
  const source = asSource(input);
  const header = parseSafetensorsHeader(source);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of header.entries) {
    if (options.skip?.(e.name)) continue;
    const kind = DECODED.get(e.dtype);
    if (kind === undefined) {
      throw new FormatError(
        'safetensors',
        `tensor ${JSON.stringify(e.name)} has dtype ${e.dtype}, which cannot be read; supported: ${[...DECODED.keys()].join(', ')} (save the tensor as float32)`,
      );
    }
    const raw = source.read(header.dataStart + e.begin, e.end - e.begin); // one tensor at a time: never the whole file
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decodeFloats(raw, kind, true) });
  }
  return tensors;
}

/** The file's "__metadata__" strings ({} when it has none). Throws FormatError. */
export function readSafetensorsMetadata(input: Uint8Array | ByteSource): Record<string, string> {
  return { ...parseSafetensorsHeader(input).metadata };
}

/** A safetensors file of F32 tensors. Throws FormatError when a shape does not fit its data. */
export function writeSafetensors(tensors: Map<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const encoder = new TextEncoder();
  const names = [...tensors.keys()].map((name) => ({ name, key: encoder.encode(name) }));
  names.sort((a, b) => compareBytes(a.key, b.key)); // Rust's String order: by UTF-8 bytes
  const fields: string[] = [];
  if (metadata) fields.push(`"__metadata__":${jsonObject(metadata)}`);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const { name } of names) {
    const { shape, data } = checked(name, tensors.get(name)!);
    const end = offset + data.length * 4;
    fields.push(`${JSON.stringify(name)}:{"dtype":"F32","shape":[${shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    parts.push(encodeFloat32LE(data));
    offset = end;
  }
  // Built by hand, not JSON.stringify(object): that would move integer-like names ("0") first.
  const json = encoder.encode(`{${fields.join(',')}}`);
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerBytes / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  let at = 8 + headerBytes;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function checked(name: string, t: TensorToWrite): TensorToWrite {
  const what = `tensor ${JSON.stringify(name)}`;
  if (name === '__metadata__') throw new FormatError('safetensors', `"__metadata__" cannot name a tensor; rename it`);
  if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new FormatError('safetensors', `${what} has shape [${t.shape.join(', ')}]; a shape is a list of non-negative integers`);
  }
  const elements = t.shape.reduce((a, b) => a * b, 1);
  if (elements !== t.data.length) {
    throw new FormatError('safetensors', `${what} has shape [${t.shape.join(', ')}] (${elements} elements) but ${t.data.length} values; pass data of the shape's size`);
  }
  return t;
}

function jsonObject(record: Record<string, string>): string {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string') {
      throw new FormatError('safetensors', `metadata ${JSON.stringify(key)} is a ${typeof value}; the format allows string values only`);
    }
  }
  return `{${Object.entries(record).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
