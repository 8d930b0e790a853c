// Reading the files named on the command line without trusting them. Only a regular file is read:
// a directory, a named pipe, a device (/dev/zero never ends) or a socket is refused by what it is.
// The file is opened with O_NONBLOCK (opening a FIFO would otherwise wait for a writer forever)
// and the descriptor itself is examined (fstat), so the file checked is the file read. Each kind
// of file has a cap on what is read (FileKind), stated in the error with the file's size.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { binarySize, grouped } from '../report/format.js';
import type { ByteSource } from '../tensor-io/source.js';
import { UsageError } from './exit-codes.js';
import { sleep } from './output.js';
import { pathText } from '../util/path-text.js';

/** A path of '-' is stdin, for the network and the tensor files alike. */
export const STDIN_PATH = '-';

export interface FileKind {
  /** Names the file in errors: 'the input', 'the weights', 'the network'. */
  readonly what: string;
  /** The most bytes read from one file of this kind. */
  readonly cap: number;
  /** Sizes up to this are read without looking at `cap` (which may cost something to work out). */
  readonly readsAtLeast?: number;
  /** Another way to give it, after "give a file" when what was named is not one: " (or '-' for stdin)". */
  readonly orElse?: string;
  /** After "more than the CAP cnncalc reads ...": why, and what to do. */
  readonly beyondCap: string;
}

/** Why a file could not be opened, in words; `missing` says what ENOENT means here. */
export function whyFailed(e: unknown, missing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missing;
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ELOOP') return 'it is a loop of symbolic links';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return (e as Error).message;
}

/** What a file that is not a regular file is, for the error that refuses it. */
function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const cannotRead = (kind: FileKind, path: string, why: string): UsageError => new UsageError(`cannot read ${kind.what} '${pathText(path)}': ${why}`);

/** Why a file is refused for its size (undefined: not known, only that it is over the cap). */
export function tooLargeReason(kind: FileKind, size?: number): string {
  const cap = `the ${binarySize(kind.cap)} cnncalc reads ${kind.beyondCap}`;
  return size === undefined ? `it holds more than ${cap}` : `it is ${binarySize(size)} (${grouped(size)} bytes), more than ${cap}`;
}

export const overCap = (kind: FileKind, size: number): boolean => size > (kind.readsAtLeast ?? 0) && size > kind.cap;

const tooLarge = (kind: FileKind, path: string, size?: number): UsageError => cannotRead(kind, path, tooLargeReason(kind, size));

/** An open regular file and its size; throws UsageError for anything else. */
function openRegular(path: string, kind: FileKind): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw cannotRead(kind, path, `${whyFailed(e, 'no such file')}; check the path`);
  }
  try {
    const stat = fstatSync(fd);
    const what = notRegular(stat);
    if (what === 'a directory') throw cannotRead(kind, path, 'it is a directory; give a file');
    if (what !== undefined) throw cannotRead(kind, path, `it is ${what}, not a regular file; give a file${kind.orElse ?? ''}`);
    return { fd, size: stat.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Reads `length` bytes at `position` into a fresh array; fewer means the file shrank meanwhile. */
function readAt(fd: number, position: number, length: number, onShort: () => never): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, Math.min(length - done, 1 << 30), position + done); // readSync takes < 2 GiB a call
    if (n === 0) onShort();
    done += n;
  }
  return out;
}

/** A whole regular file, at most kind.cap bytes. Read to its end, not to the size fstat gave, so
 *  that a file that grows is still capped and one that shrinks is still read. */
export function readCapped(path: string, kind: FileKind): Uint8Array {
  const { fd, size } = openRegular(path, kind);
  try {
    if (overCap(kind, size)) throw tooLarge(kind, path, size);
    let bytes = new Uint8Array(Math.max(size + 1, 4096)); // + 1: the end is found without growing
    let done = 0;
    for (;;) {
      if (done === bytes.length) {
        if (overCap(kind, done)) throw tooLarge(kind, path); // it grew while it was read
        const grown = new Uint8Array(Math.min(bytes.length * 2, kind.cap + 1));
        grown.set(bytes);
        bytes = grown;
      }
      const n = readSync(fd, bytes, done, bytes.length - done, null);
      if (n === 0) break;
      done += n;
    }
    if (overCap(kind, done)) throw tooLarge(kind, path);
    return bytes.subarray(0, done);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw cannotRead(kind, path, `${whyFailed(e, 'no such file')}; check the path`);
  } finally {
    closeSync(fd);
  }
}

/** Gives `read` a ByteSource over the file: the reader asks for the header first, and only then
 *  for the data; a read past kind.cap is refused with the file's size. Closes the file after. */
export function withFileSource<T>(path: string, kind: FileKind, read: (source: ByteSource) => T): T {
  const { fd, size } = openRegular(path, kind);
  const shrank = (): never => {
    throw cannotRead(kind, path, 'it became shorter while it was read; read it again when nothing writes it');
  };
  const source: ByteSource = {
    size,
    read(offset, length) {
      if (offset + length > kind.cap) throw tooLarge(kind, path, size);
      try {
        return readAt(fd, offset, length, shrank);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw cannotRead(kind, path, `${whyFailed(e, 'no such file')}; check the path`);
      }
    },
  };
  try {
    return read(source);
  } finally {
    closeSync(fd);
  }
}

/** Bytes enough for a format's preamble: a .npy's magic and version, a safetensors length field. */
const HEAD_BYTES = 16;

/** Standard input to its end, or its first maxBytes + 1 bytes (the caller refuses more); `what`
 *  names what is read in errors. `checkHead` sees the first bytes as soon as they are in (and may
 *  throw), so that a stream that is not the format is refused before gigabytes of it are read. A
 *  pipe left non-blocking by whoever made it answers EAGAIN while it is empty: then wait and read again. */
export function readStdin(maxBytes: number, what = 'the network', checkHead?: (head: Uint8Array) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let headChecked = checkHead === undefined;
  while (total <= maxBytes) {
    if (!headChecked && total >= HEAD_BYTES) {
      checkHead!(chunks.length === 1 ? chunks[0]! : joined(chunks, total));
      headChecked = true;
    }
    const chunk = new Uint8Array(Math.min(1 << 20, maxBytes + 1 - total));
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleep(10);
        continue;
      }
      if (code === 'EOF') break; // Windows: the write end is closed
      throw new UsageError(`cannot read ${what} from stdin: ${whyFailed(e, 'there is no standard input')}`);
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  const out = joined(chunks, total);
  if (!headChecked) checkHead!(out); // shorter than a preamble: the reader says what is missing
  return out;
}

function joined(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
