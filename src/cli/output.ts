// Writing to stdout and stderr. Files, pipes, sockets and the null device are written with
// writeSync on the descriptor: creating process.stdout loads Node's stream and net modules, about
// a tenth of a short run (a VGG16 table). Terminals and other devices get Node's stream as usual.
// A reader that has gone away (`cnncalc table big.cnn | head`) ends the output quietly. sleep is
// the wait of a synchronous read or write on a full or empty non-blocking pipe.

import { fstatSync, statSync, writeSync } from 'node:fs';
import { inChunks, type Lines } from '../report/lines.js';

type Fd = 1 | 2;

const streamOf = (fd: Fd): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
let streamUsed = false;

/** Whether every byte of output went out by writeSync, so that all of it has reached the system
 *  and every failure has been reported. A stream may still hold output, or report a failed write
 *  later, in an 'error' event (/dev/full's ENOSPC): the process must not end before it has. */
export function outputSettled(): boolean {
  return !streamUsed;
}

let nullDevice: number | undefined;

/** Whether `fd` can be written with writeSync: a file, a pipe, a socket or /dev/null. Not on
 *  Windows, whose consoles and pipes Node's streams handle. */
function writesDirectly(fd: Fd): boolean {
  if (process.platform === 'win32') return false;
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || stat.isFIFO() || stat.isSocket()) return true;
    return stat.isCharacterDevice() && stat.rdev === (nullDevice ??= statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}

/** A writer for `fd`, and whether it is a terminal; the descriptor is examined on first use. */
export function outputTo(fd: Fd): { write: (text: string) => void; isTTY: () => boolean } {
  let direct: boolean | undefined;
  let closed = false;
  /** Output stops at the first failure: EPIPE (the reader is gone) quietly, anything else with a
   *  message on stderr and exit code 2, since the output is incomplete. */
  const failed = (e: unknown): void => {
    closed = true;
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
    process.exitCode = 2;
    try {
      writeSync(2, `cnncalc: cannot write ${fd === 1 ? 'stdout' : 'stderr'}: ${(e as Error).message}\n`);
    } catch {
      // stderr is gone too: the exit code says it
    }
  };
  const viaStream = (bytes: string | Uint8Array): void => {
    const stream = streamOf(fd);
    streamUsed = true;
    if (stream.listenerCount('error') === 0) stream.on('error', failed);
    stream.write(bytes);
  };
  const write = (text: string): void => {
    if (closed) return;
    if (!(direct ??= writesDirectly(fd))) return viaStream(text);
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return failed(e);
      // A non-blocking pipe that is full: the stream waits for it. It takes the rest of the output
      // too, so that nothing written later overtakes what it still holds.
      direct = false;
      viaStream(bytes.subarray(done));
    }
  };
  // A terminal is never written directly, so asking the stream creates nothing that is not used.
  return { write, isTTY: () => !(direct ??= writesDirectly(fd)) && streamOf(fd).isTTY === true };
}

let pause: Int32Array | undefined;

/** Blocks the thread for `ms` milliseconds: how a synchronous read or write waits out a non-blocking
 *  pipe that answers EAGAIN (read-file.ts's stdin, atomic-write.ts's stdout). The array it waits on
 *  is made on first use, not at every start. */
export function sleep(ms: number): void {
  Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms);
}

/** Writes lines in chunks of about 64 KiB as they are made: a long network's report (JSON above
 *  all) is more than one string can hold, and held whole it would outlive its making. */
export function writeLines(write: (text: string) => void, lines: Lines): void {
  for (const chunk of inChunks(lines)) write(chunk);
}

/** A report made whole (a string) or line by line, written as it comes. */
export function writeReport(write: (text: string) => void, report: string | Lines): void {
  if (typeof report === 'string') write(report);
  else writeLines(write, report);
}

/** Lines as UTF-8 bytes, for a file written at once (writeFileAtomic): made chunk by chunk, since
 *  the text may be longer than one string can be. */
export function linesBytes(lines: Lines): Buffer {
  const chunks: Buffer[] = [];
  for (const chunk of inChunks(lines)) chunks.push(Buffer.from(chunk, 'utf8'));
  return Buffer.concat(chunks);
}
