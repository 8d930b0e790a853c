// Writing a command's output file safely (the -o of run, lint and export): never over one
// of the command's own inputs, and never half-written. The bytes go to a temporary file in the
// output's directory (so the rename stays on one file system), which is flushed and then renamed
// over the output: the output path holds the old file (or none) or the whole new one, never a
// truncated one. A write that fails removes its temporary file; a process killed or stopped (Ctrl-C)
// while it writes leaves it behind, named .<output>.<pid>-<random>.tmp beside the output. The rename
// replaces a symbolic link at the output path rather than writing through it to the file it points
// at. `-` is stdout. An output that exists and is not a regular file is never renamed over (that
// would replace /dev/null itself with a file): a character device or a named pipe is written as
// it is, like stdout; anything else (a directory, a block device, a socket) is refused.

import { closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathText } from '../util/path-text.js';
import { UsageError } from './exit-codes.js';
import { unwritable, whyFailed } from './io.js';
import { sleep } from './output.js';

/** The path that names stdout for an output option. */
export const STDOUT_PATH = '-';

interface NamedPath {
  readonly path: string;
  /** How errors name it: 'the network', 'the input', 'the weights'. */
  readonly what: string;
}

/** The file's status, or null when it cannot be had (missing, a path through a file, no
 *  permission): such a path is no existing file, and reading or writing it reports why. */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Refuses an output that is the same file as one of `inputs`: the same inode (so a symbolic or
 *  hard link, `./x` and `x`, are caught), which for existing files is also what comparing their
 *  real paths decides. An output that does not exist yet is no input. */
export function refuseOutputOverInputs(output: NamedPath, inputs: readonly NamedPath[]): void {
  if (output.path === STDOUT_PATH) return;
  const out = statOrNull(output.path);
  if (!out) return;
  for (const input of inputs) {
    if (input.path === STDOUT_PATH) continue;
    const s = statOrNull(input.path);
    if (!s || s.dev !== out.dev || s.ino !== out.ino) continue;
    const real = realpathSync(output.path);
    const via = real === output.path ? '' : ` (${pathText(real)})`;
    throw new UsageError(`${output.what} '${pathText(output.path)}'${via} is the same file as ${input.what} '${pathText(input.path)}'; give another output path`);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done);
}

/** A temporary name beside `path` that no other run picks (pid and a random part). */
function temporaryBeside(path: string): string {
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  return join(dirname(path), `.${basename(path)}.${tag}.tmp`);
}

/** Writes `bytes` to `path` through a temporary file and a rename; `what` names it in errors. */
export function writeFileAtomic(path: string, bytes: Uint8Array, what: string): void {
  const existing = statOrNull(path);
  if (existing && !existing.isFile()) return writeInPlace(path, bytes, what, existing);
  const temp = temporaryBeside(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o666);
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw unwritable(what, path, whyFailed(e, 'its directory does not exist'));
  }
}

/** A character device (/dev/null, a terminal) or a named pipe takes the bytes as they come. */
function writeInPlace(path: string, bytes: Uint8Array, what: string, stat: Stats): void {
  if (!stat.isCharacterDevice() && !stat.isFIFO()) {
    const kind = stat.isDirectory() ? 'a directory' : stat.isBlockDevice() ? 'a block device' : 'not a regular file';
    throw unwritable(what, path, `it is ${kind}; give a file path`);
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeAll(fd, bytes);
  } catch (e) {
    throw unwritable(what, path, whyFailed(e, 'it does not exist'));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Refuses binary output to a terminal before the run (it would be noise on the screen). */
export function refuseBinaryToTerminal(path: string, stdoutIsTTY: boolean, what: string): void {
  if (path === STDOUT_PATH && stdoutIsTTY) {
    throw new UsageError(`${what} '-' is stdout, a terminal here, and the output is binary (.npy): redirect stdout to a file or a pipe, or give a file path`);
  }
}

/** Writes binary bytes to stdout (descriptor 1), waiting out a full non-blocking pipe; a reader
 *  that has gone away (EPIPE) ends the output quietly, as cli/output.ts does for text. */
function writeStdoutBytes(bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw new UsageError(`cannot write the output to stdout: ${(e as Error).message}`);
      sleep(5); // the reader drains the pipe
    }
  }
}

/** Writes a command's binary output: stdout for `-`, else a file, atomically. */
export function writeOutput(path: string, bytes: Uint8Array, what: string): void {
  if (path === STDOUT_PATH) writeStdoutBytes(bytes);
  else writeFileAtomic(path, bytes, what);
}
