// What commands need from the outside world: files, streams, colour. Only cli/ touches these.

import type { ChalkInstance } from 'chalk';
import { PLAIN } from '../report/plain.js';
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './exit-codes.js';
import { outputTo } from './output.js';
import type { Values } from './options.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
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
  };
}

function colourOn(values: Values, io: Io, stream: 'stdout' | 'stderr'): boolean {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  const noColorEnv = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  return values['no-color'] ? false : values['color'] ? true : tty && !noColorEnv;
}

let chalk: typeof import('chalk') | undefined;

/** Loads chalk if some output of this command may be coloured. Importing chalk probes the terminal
 *  (node:tty, node:net): about a tenth of a short run's time, so output to pipes and files skips it. */
export async function loadColour(values: Values, io: Io): Promise<void> {
  if (!chalk && (colourOn(values, io, 'stdout') || colourOn(values, io, 'stderr'))) chalk = await import('chalk');
}

/** Colour for a stream: --color and --no-color win; else on for a terminal unless NO_COLOR is set. */
export function chalkFor(values: Values, io: Io, stream: 'stdout' | 'stderr'): ChalkInstance {
  return colourOn(values, io, stream) && chalk ? new chalk.Chalk({ level: 1 }) : PLAIN;
}

/** Why a file could not be read or written, in words; `missing` says what ENOENT means here. */
function whyFailed(e: unknown, missing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missing;
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return (e as Error).message;
}

const whyUnreadable = (e: unknown): string => whyFailed(e, 'no such file');

const unwritable = (what: string, path: string, why: string): UsageError => new UsageError(`cannot write ${what} '${path}': ${why}; check the path`);

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

/** Writes a binary file; `what` names it in the error ('the output'). */
export function writeBytes(path: string, bytes: Uint8Array, what: string): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw unwritable(what, path, whyFailed(e, 'its directory does not exist'));
  }
}

/** A network file's text, without the byte-order mark some editors write (it is not part of line 1). */
export function readSource(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read '${path}': ${whyUnreadable(e)}; check the path`);
  }
  if (text.includes('\u0000')) throw new UsageError(`'${path}' is not a text file (it holds NUL bytes); give a network written in the notation`);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A binary file's bytes; `what` names it in the error ('the input', 'the weights'). */
export function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${path}': ${whyUnreadable(e)}; check the path`);
  }
}
