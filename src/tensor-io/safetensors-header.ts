// Reading and checking a safetensors header: 8 bytes of little-endian u64 header length N, N bytes
// of UTF-8 JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {str: str}},
// then the data buffer, offsets relative to its start. Checked as the reference implementation
// (huggingface/safetensors) checks it: header at most 100,000,000 bytes, each tensor's byte count
// equal to product(shape) x dtype size, and the tensors, in offset order, tiling the buffer exactly
// (no overlap, no gap, nothing after the last). Every failure is a FormatError naming the problem,
// with the file's figures as it wrote them (exact-json.ts: never rounded). Only the 8 bytes and the
// header are read from the source; the data is the caller's to read.

import { FormatError } from './errors.js';
import { exactJsonText, ExactJsonError, parseJsonExactly, RawNumber } from './exact-json.js';
import { asSource, type ByteSource } from './source.js';

/** Bytes per element of the reference implementation's dtypes (only the float ones are read: safetensors.ts). */
const DTYPE_BYTES = new Map<string, number>([
  ...['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3'].map((d) => [d, 1] as const),
  ...['I16', 'U16', 'F16', 'BF16'].map((d) => [d, 2] as const),
  ...['I32', 'U32', 'F32'].map((d) => [d, 4] as const),
  ...['I64', 'U64', 'F64'].map((d) => [d, 8] as const),
]);

const MAX_HEADER_BYTES = 100_000_000;

export interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Offsets into the data buffer, which starts at `dataStart` in the file. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** In offset order. */
  entries: HeaderEntry[];
  metadata: Record<string, string> | undefined;
  dataStart: number;
}

const fail = (problem: string): never => {
  throw new FormatError('safetensors', problem);
};

/** Throws FormatError unless `head` (the first bytes) can start a safetensors file, and gives the
 *  header's length once the 8-byte field is there: for a stream (stdin), checked on its first bytes. */
export function checkSafetensorsStart(head: Uint8Array): number | undefined {
  if (head.length < 8) return undefined;
  // a u64: read as a BigInt so that a damaged field is quoted exactly (2^64 - 1, not ...552000)
  const field = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (field > BigInt(MAX_HEADER_BYTES)) {
    fail(`the header length field says ${field} bytes, above the format's limit of ${MAX_HEADER_BYTES}; the file is not a safetensors file or is damaged`);
  }
  if (field < 2n) fail(`the header length field says ${field} bytes, too few for a JSON header ('{}' is 2); the file is not a safetensors file or is damaged`);
  // the format requires the header to start with '{' (safetensors' specification)
  if (head.length > 8 && head[8] !== 0x7b) fail("the header does not start with '{'; the file is not a safetensors file or is damaged");
  return Number(field);
}

export function parseSafetensorsHeader(input: Uint8Array | ByteSource): SafetensorsHeader {
  const source = asSource(input);
  if (source.size < 8) {
    fail(`the file is ${source.size} bytes, too short to hold the 8-byte header length; it is truncated or not a safetensors file`);
  }
  const headerBytes = checkSafetensorsStart(source.read(0, 8))!;
  if (8 + headerBytes > source.size) {
    fail(`the header length field says ${headerBytes} bytes but only ${source.size - 8} follow it; the file is truncated (copy or download it again)`);
  }
  const json = parseJson(source.read(8, headerBytes));
  const dataStart = 8 + headerBytes;
  const metadata = readMetadata(json['__metadata__']);
  const entries = Object.entries(json)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, value]) => readEntry(name, value));
  checkTiling(entries, source.size - dataStart);
  return { entries, metadata, dataStart };
}

function parseJson(header: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(header);
  } catch {
    return fail('the header is not valid UTF-8; the file is not a safetensors file or is damaged');
  }
  let value: unknown;
  try {
    value = parseJsonExactly(text);
  } catch (e) {
    if (!(e instanceof ExactJsonError)) throw e;
    return fail(`the header is not valid JSON (${e.message}); the file is not a safetensors file or is damaged`);
  }
  if (!isObject(value)) fail('the header is JSON but not an object of tensors; the file is not a safetensors file');
  return value as Record<string, unknown>;
}

function readMetadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return fail('"__metadata__" must be an object of strings; fix the program that wrote the file');
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`"__metadata__" entry ${JSON.stringify(key)} is not a string; the format allows string values only`);
  }
  return value as Record<string, string>;
}

function readEntry(name: string, value: unknown): HeaderEntry {
  const what = `tensor ${JSON.stringify(name)}`;
  if (!isObject(value)) fail(`${what} is not an object with dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string') fail(`${what} has no dtype string`);
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    fail(`${what} has shape ${exactJsonText(shape)}; a shape is a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0]! > offsets[1]!) {
    fail(`${what} has data_offsets ${exactJsonText(offsets)}; expected [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  const entry: HeaderEntry = { name, dtype: dtype as string, shape: shape as number[], begin, end };
  const size = DTYPE_BYTES.get(entry.dtype);
  if (size !== undefined) checkByteCount(what, entry, size);
  return entry;
}

function checkByteCount(what: string, e: HeaderEntry, size: number): void {
  const elements = e.shape.reduce((a, b) => a * b, 1);
  const needed = elements * size;
  if (!Number.isSafeInteger(needed)) fail(`${what} has shape [${e.shape.join(', ')}], too large to address; the header is damaged`);
  if (e.end - e.begin !== needed) {
    fail(`${what} holds ${e.end - e.begin} bytes but shape [${e.shape.join(', ')}] of ${e.dtype} needs ${elements} x ${size} = ${needed}; the header is inconsistent`);
  }
}

/** The tensors, sorted by offset, must cover bytes [0, dataBytes) once each, in order. */
function checkTiling(entries: HeaderEntry[], dataBytes: number): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: HeaderEntry | undefined;
  for (const e of entries) {
    const what = `tensor ${JSON.stringify(e.name)}`;
    if (e.end > dataBytes) {
      fail(`${what} ends at byte ${e.end} of the data but there are only ${dataBytes} data bytes; the file is truncated (copy or download it again)`);
    }
    if (e.begin < covered) {
      fail(`${what} (bytes ${e.begin}-${e.end}) overlaps tensor ${JSON.stringify(previous?.name)} (ending at ${covered}); the header is damaged`);
    }
    if (e.begin > covered) {
      fail(`bytes ${covered}-${e.begin} of the data, before ${what}, belong to no tensor; the format requires tensors packed with no gaps`);
    }
    covered = e.end;
    previous = e;
  }
  if (covered !== dataBytes) {
    fail(`the file has ${dataBytes - covered} bytes after its last tensor; it is damaged or not a safetensors file`);
  }
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
