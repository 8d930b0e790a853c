// What commands need from the outside world: the Io a command is given (stdout, stderr, stdin and
// the environment; processIo is the real one), the check that an output path can be written, and
// the reading of a tensor file or stdin (read-file.ts) under its cap. Only cli/ touches these.

import { checkNpyStart } from '../tensor-io/npy.js';
import { checkSafetensorsStart } from '../tensor-io/safetensors-header.js';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TensorFormat } from '../tensor-io/errors.js';
import { bytesSource, type ByteSource } from '../tensor-io/source.js';
import { pathText } from '../util/path-text.js';
import { UsageError } from './exit-codes.js';
import { tensorFileKind } from './file-kinds.js';
import { outputTo } from './output.js';
import { overCap, readStdin, STDIN_PATH, tooLargeReason, whyFailed, withFileSource } from './read-file.js';

export { chalkFor, loadColour } from './colour.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads standard input to its end, or up to maxBytes + 1 bytes if it is longer (FILE '-');
   *  `what` names it in errors ('the input'; the network by default). Absent where there is no
   *  input to give (an embedding); then '-' is refused. */
  readonly readStdin?: (maxBytes: number, what?: string, checkHead?: (head: Uint8Array) => void) => Uint8Array;
}

export function processIo(): Io {
  const stdout = outputTo(1);
  const stderr = outputTo(2);
  return {
    stdout: stdout.write,
    stderr: stderr.write,
    get stdoutIsTTY() {
      return stdout.isTTY();
    },
    get stderrIsTTY() {
      return stderr.isTTY();
    },
    env: process.env,
    readStdin,
  };
}

export { whyFailed };

export const unwritable = (what: string, path: string, why: string): UsageError => new UsageError(`cannot write ${what} '${pathText(path)}': ${why}; check the path`);

/** Refuses, before a long run, a path that cannot be written: a directory, a missing or read-only
 *  directory. Creates nothing (the file is written only when the run succeeds). */
export function checkWritable(path: string, what: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw unwritable(what, path, 'it is a directory');
    const parent = dirname(path);
    if (!statSync(parent).isDirectory()) throw unwritable(what, path, 'a part of the path is not a directory');
    accessSync(parent, constants.W_OK);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw unwritable(what, path, whyFailed(e, 'its directory does not exist'));
  }
}

/** A binary file read header first (read-file.ts): `read` gets a source over it, capped for the
 *  format. '-' is stdin (given `io`), read whole up to the cap: a pipe cannot be read header first. */
export function readTensorFile<T>(path: string, what: string, format: TensorFormat, read: (source: ByteSource) => T, io?: Io): T {
  const kind = tensorFileKind(what, format);
  if (path !== STDIN_PATH || !io) return withFileSource(path, kind, read);
  if (!io.readStdin) throw new UsageError(`there is no standard input to read ${what} from ('-'); give a file`);
  const bytes = io.readStdin(kind.cap, what, format === 'npy' ? checkNpyStart : checkSafetensorsStart);
  if (overCap(kind, bytes.length)) throw new UsageError(`cannot read ${what} from stdin: ${tooLargeReason(kind)}`);
  return read(bytesSource(bytes));
}
