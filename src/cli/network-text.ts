// A network's text from a file, from stdin (FILE '-') or from --eval: at most the network cap
// (file-kinds.ts), decoded as UTF-8, without the byte-order mark some editors write (it is not part
// of line 1), and refused when it holds a NUL byte, as a binary file does: the error points at the
// first one, with the line and column the lexer would give it.

import type { Position } from '../diagnostics/span.js';
import { lex } from '../notation/syntax/lexer.js';
import { pathText } from '../util/path-text.js';
import { UsageError } from './exit-codes.js';
import { networkFileKind } from './file-kinds.js';
import type { Io } from './io.js';
import { overCap, readCapped, tooLargeReason } from './read-file.js';

/** A network file's text; `name` is what messages call it (the path by default). */
export function readSource(path: string, name = path): string {
  return sourceText(readCapped(path, networkFileKind()), name);
}

/** The network on stdin; `name` is what messages call it (--stdin-filename, or '<stdin>'). */
export function readStdinSource(io: Io, name: string): string {
  if (!io.readStdin) throw new UsageError("there is no standard input to read the network from ('-'); give a file");
  const kind = networkFileKind();
  const bytes = io.readStdin(kind.cap);
  if (overCap(kind, bytes.length)) throw new UsageError(`cannot read the network from stdin: ${tooLargeReason(kind)}`);
  return sourceText(bytes, name);
}

/** The --eval text, under the same cap and checks as a file. */
export function evalSource(text: string, name: string): string {
  const kind = networkFileKind();
  if (overCap(kind, text.length)) throw new UsageError(`cannot read the network of --eval: ${tooLargeReason(kind, text.length)}`);
  return checkedText(text, name);
}

function sourceText(bytes: Uint8Array, name: string): string {
  return checkedText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), name);
}

/** A text that holds a NUL byte; `at` is the first one's position, for lint's machine formats. */
export class NotText extends UsageError {
  constructor(
    message: string,
    readonly at: Position,
  ) {
    super(message);
  }
}

function checkedText(text: string, name: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    // lines as the lexer counts them (LF, CRLF, a lone CR): its line index owns that rule
    const at = lex(body.slice(0, nul + 1)).lines.position(nul);
    throw new NotText(`${pathText(name)}:${at.line}:${at.column}: a NUL byte, so this is not a text file; give a network written in the notation`, at);
  }
  return body;
}
