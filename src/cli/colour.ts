// Whether a stream gets colour, and at which chalk level, by chalk's own detection rules
// (supports-color), read from the Io's environment and terminal flags so tests can set them:
//   --no-color / --color          win over everything (the user asked on this command line)
//   FORCE_COLOR=0 or false        off;  FORCE_COLOR=1, 2, 3 (or '', true): on, at least at that level, even in a pipe
//   NO_COLOR (not empty)          off (no-color.org; chalk leaves it to the program)
//   not a terminal                off
//   TERM=dumb                     off
//   otherwise                     the terminal's level: 3 for COLORTERM=truecolor or kitty/ghostty,
//                                 2 for a *-256color TERM, 1 for xterm, screen, vt100, linux, ... or any
//                                 COLORTERM, 1 on Windows; 0 for an unknown TERM (as chalk)
// Left out of chalk's rules: CI and TeamCity sniffing, and Azure's colour in pipes (its TF_BUILD).

import { PLAIN, type Paint } from '../report/plain.js';
import type { Io } from './io.js';
import type { CommonValues } from './options.js';

type ColourLevel = 0 | 1 | 2 | 3;

/** `n` as a level: below 0 is 0, above 3 is 3. */
function clamped(n: number): ColourLevel {
  return n >= 3 ? 3 : n >= 2 ? 2 : n >= 1 ? 1 : 0;
}

/** FORCE_COLOR as chalk reads it: undefined when unset, else the level it forces (0 = off). */
function forcedLevel(value: string | undefined): ColourLevel | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? 1 : clamped(n);
}

/** The level a terminal supports, from TERM and COLORTERM (chalk's table, the common entries). */
function terminalLevel(env: Io['env']): ColourLevel {
  const term = env['TERM'] ?? '';
  if (env['COLORTERM'] === 'truecolor' || term === 'xterm-kitty' || term === 'xterm-ghostty') return 3;
  if (/-256(color)?$/i.test(term)) return 2;
  if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(term)) return 1;
  if (env['COLORTERM'] !== undefined || process.platform === 'win32') return 1;
  return 0;
}

/** The chalk level for `stream`: 0 means no colour. */
export function colourLevel(values: CommonValues, io: Io, stream: 'stdout' | 'stderr'): ColourLevel {
  if (values['no-color']) return 0;
  const forced = forcedLevel(io.env['FORCE_COLOR']);
  if (values.color) return clamped(Math.max(1, forced ?? 0));
  if (forced !== undefined) return forced === 0 ? 0 : clamped(Math.max(forced, terminalLevel(io.env)));
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return 0;
  if (!(stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY)) return 0;
  if (io.env['TERM'] === 'dumb') return 0;
  return terminalLevel(io.env);
}

function colourOn(values: CommonValues, io: Io, stream: 'stdout' | 'stderr'): boolean {
  return colourLevel(values, io, stream) > 0;
}

let chalk: typeof import('chalk') | undefined;

/** Loads chalk if some output of this command may be coloured. Importing chalk probes the terminal
 *  (node:tty, node:net): about a tenth of a short run's time, so output to pipes and files skips it. */
export async function loadColour(values: CommonValues, io: Io): Promise<void> {
  if (!chalk && (colourOn(values, io, 'stdout') || colourOn(values, io, 'stderr'))) chalk = await import('chalk');
}

/** Colour for a stream at the level colourLevel gives; PLAIN (no escapes) when it is off. */
export function chalkFor(values: CommonValues, io: Io, stream: 'stdout' | 'stderr'): Paint {
  const level = colourLevel(values, io, stream);
  return level > 0 && chalk ? new chalk.Chalk({ level }) : PLAIN;
}
