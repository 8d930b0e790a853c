// NumPy .npy files <-> float32 arrays. A file is the magic \x93NUMPY, a version byte pair (1.0, 2.0
// or 3.0), the header length (u16 little-endian for 1.0, u32 for 2.0 and 3.0), a Python-literal
// header {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with spaces and a final
// \n, then the elements in C order. Reading accepts float32, float64 and float16 in either byte
// order and converts to float32; C order only (Fortran order is the same bytes when there is at
// most one dimension). Writing makes the file np.save makes for a float32 array: version 1.0, '<f4',
// the header padded so the data starts at a multiple of 64 bytes. Pure: no Node APIs.

import { FormatError } from './errors.js';
import { decodeFloats, ELEMENT_BYTES, encodeFloat32LE, type FloatKind } from './floats.js';
import { parsePyLiteral, PyLiteralError, type PyValue } from './npy-header.js';
import { asSource, type ByteSource } from './source.js';

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCRS = new Map<string, { kind: FloatKind; littleEndian: boolean }>([
  ['<f4', { kind: 'f32', littleEndian: true }],
  ['>f4', { kind: 'f32', littleEndian: false }],
  ['<f8', { kind: 'f64', littleEndian: true }],
  ['>f8', { kind: 'f64', littleEndian: false }],
  ['<f2', { kind: 'f16', littleEndian: true }],
  ['>f2', { kind: 'f16', littleEndian: false }],
]);
const ARRAY_ALIGN = 64; // numpy's: the data starts at a multiple of 64 bytes
const GROWTH_AXIS_MAX_DIGITS = 21; // numpy leaves room for the first axis to grow in place
/** numpy.load's default max_header_size: a longer header "may not be safe to load securely". */
const MAX_HEADER_BYTES = 10_000;

const fail = (problem: string): never => {
  throw new FormatError('npy', problem);
};

/** The array in a .npy file (its bytes, or a source that reads them), as float32. The preamble and
 *  the header are read and checked against the file's size before the data. Throws FormatError. */
export function readNpy(input: Uint8Array | ByteSource): NpyArray {
  const source = asSource(input);
  const { header, dataStart } = splitFile(source);
  const { descr, fortran, shape } = readHeader(header);
  const format = DESCRS.get(descr);
  if (!format) {
    const supported = [...DESCRS.keys()].join(', ');
    return fail(`the array's dtype is '${descr}', which cannot be read; supported: ${supported} (save it with a.astype(np.float32))`);
  }
  if (fortran && shape.length > 1) {
    fail('the array is stored in Fortran order; save it in C order with np.save(path, np.ascontiguousarray(a))');
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  const needed = elements * ELEMENT_BYTES[format.kind];
  const present = source.size - dataStart;
  if (!Number.isSafeInteger(needed)) fail(`shape ${pythonTuple(shape)} is too large to address; the header is damaged`);
  if (present < needed) {
    fail(`shape ${pythonTuple(shape)} of '${descr}' needs ${needed} data bytes but the file has ${present}; it is truncated (copy or save it again)`);
  }
  if (present > needed) {
    fail(`the file has ${present - needed} bytes after the array's ${needed}; it is damaged or holds more than one array`);
  }
  return { shape, data: decodeFloats(source.read(dataStart, needed), format.kind, format.littleEndian) };
}

/** Throws FormatError unless `head` (the first bytes, any number) can start a .npy file: for a
 *  stream (stdin), whose size is known only at its end, this is checked on its first bytes. */
export function checkNpyStart(head: Uint8Array): void {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) {
    fail('this is a zip archive (np.savez makes these), not a .npy file; unzip it or save one array with np.save');
  }
  const prefix = Math.min(head.length, MAGIC.length);
  if (!MAGIC.slice(0, prefix).every((b, i) => head[i] === b)) fail('the file does not start with \\x93NUMPY; it is not a .npy file');
}

/** The header text and where the data starts, from the fixed-size preamble: only the preamble and
 *  the header are read. */
function splitFile(source: ByteSource): { header: string; dataStart: number } {
  const size = source.size;
  const bytes = source.read(0, Math.min(size, 12)); // magic, version, and a length field of 2 or 4 bytes
  checkNpyStart(bytes);
  if (size < 10) fail(`the file is ${size} bytes, too short for a .npy header; it is truncated`);
  const major = bytes[6];
  const minor = bytes[7];
  if (minor !== 0 || (major !== 1 && major !== 2 && major !== 3)) {
    fail(`format version ${major ?? '?'}.${minor ?? '?'} is not one of 1.0, 2.0, 3.0; the file is damaged or from a newer numpy`);
  }
  const lengthBytes = major === 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (size < headerStart) fail(`the file is ${size} bytes, too short to hold its header length; it is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (length > MAX_HEADER_BYTES) {
    fail(`the header length field says ${length} bytes, more than the ${MAX_HEADER_BYTES} numpy reads by default (max_header_size); the file is damaged or not a plain array`);
  }
  const dataStart = headerStart + length;
  if (dataStart > size) {
    fail(`the header length field says ${length} bytes but only ${size - headerStart} follow it; the file is truncated`);
  }
  const raw = source.read(headerStart, length);
  // 1.0 and 2.0 headers are latin-1; 3.0 allows UTF-8 (for structured dtypes' field names)
  const header = major === 3 ? new TextDecoder('utf-8').decode(raw) : latin1(raw);
  return { header, dataStart };
}

function readHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    if (!(e instanceof PyLiteralError)) throw e;
    return fail(`the header is not a Python literal (${e.message}); the file is damaged`);
  }
  if (!(dict instanceof Map)) return fail('the header is not a dictionary; the file is damaged');
  const keys = [...dict.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    fail(`the header has keys ${keys.map((k) => `'${k}'`).join(', ')}; a .npy header has exactly 'descr', 'fortran_order' and 'shape'`);
  }
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') return fail('the array has a structured dtype, which cannot be read; save a plain float32 array');
  if (typeof fortran !== 'boolean') return fail('the header\'s fortran_order is not True or False; the file is damaged');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && d >= 0)) {
    return fail('the header\'s shape is not a tuple of non-negative integers; the file is damaged');
  }
  return { descr, fortran, shape: shape as number[] };
}

/** The bytes np.save writes for a float32 C-order array of this shape. Throws FormatError. */
export function writeNpy(shape: number[], data: Float32Array): Uint8Array {
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(`shape ${pythonTuple(shape)} is not a list of non-negative integers`);
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  if (elements !== data.length) {
    fail(`shape ${pythonTuple(shape)} has ${elements} elements but ${data.length} values were given; pass data of the shape's size`);
  }
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${pythonTuple(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1; // + the final \n
  const padding = ARRAY_ALIGN - (unpadded % ARRAY_ALIGN); // 1..64, as numpy computes it
  const headerLength = dict.length + padding + 1;
  if (headerLength > 0xffff) fail(`a ${shape.length}-dimensional header does not fit a version 1.0 file`);
  const body = encodeFloat32LE(data);
  const out = new Uint8Array(10 + headerLength + body.length);
  out.set(MAGIC, 0);
  out.set([1, 0, headerLength & 0xff, headerLength >> 8], 6);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  out.fill(0x20, 10 + dict.length, 10 + headerLength - 1);
  out[10 + headerLength - 1] = 0x0a;
  out.set(body, 10 + headerLength);
  return out;
}

function latin1(raw: Uint8Array): string {
  let text = '';
  for (let i = 0; i < raw.length; i += 4096) text += String.fromCharCode(...raw.subarray(i, i + 4096));
  return text;
}

/** Python's repr of a tuple of ints: (), (5,), (2, 3). */
function pythonTuple(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
