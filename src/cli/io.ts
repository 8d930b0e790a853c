// What commands need from the outside world: files, streams, colour. Only cli/ touches these.

import type { ChalkInstance } from 'chalk';
import { PLAIN } from '../report/plain.js';
import { readFileSync } from 'node:fs';
import { UsageError } from './exit-codes.js';
import type { Values } from './options.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
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

/** Why a file could not be read, in words. */
function whyUnreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
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
