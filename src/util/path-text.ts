// A file name as a message may print it. A name can hold any byte but '/' and NUL: an escape
// character in one would drive the terminal that shows the message (change colours, move the
// cursor, retitle the window), a newline would forge a second message line, and a bidirectional
// override would show the name's characters out of order. Those characters are printed as escapes
// instead (\n, \t, \x1b, \u202e); the rest, backslashes included, as they are. Every text output
// that prints a path goes through pathText; JSON and SARIF escape control characters themselves.
// UNSAFE_TEXT is the one definition of these characters: diagnostics' source excerpts neutralise
// the same ones (report/diagnostics.ts).

/** C0, DEL and C1 controls, the bidirectional marks, embeddings, overrides and isolates, and the
 *  line and paragraph separators: characters a terminal acts on instead of showing. Each is one
 *  UTF-16 unit, so replacing one with one character keeps columns aligned. Global: use with replace. */
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** The path with its control and direction-changing characters escaped, for messages. */
export function pathText(path: string): string {
  return path.replace(UNSAFE_TEXT, escape);
}
