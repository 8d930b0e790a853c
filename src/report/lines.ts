// Reports as lines made one at a time. A 100,000-layer table is 12 MB of text: held whole, the text
// (and the rows it is made from) survive garbage collection after garbage collection, which cost a
// third of such a run. Made line by line, the command line writes it in chunks as it goes.

/** Lines without their line ends. */
export type Lines = Iterable<string>;

/** The lines as one text, each ended by a newline. */
export function joinLines(lines: Lines): string {
  let text = '';
  for (const line of lines) text += line + '\n';
  return text;
}

/** The same text as joinLines, in pieces of about `size` characters. */
export function* inChunks(lines: Lines, size = 1 << 16): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line + '\n';
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
