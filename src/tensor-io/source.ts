// Where a tensor file's bytes come from. The readers take a ByteSource so that they read a file
// header first: the magic, the header length and the header, checked against the file's size,
// before a byte of data is asked for (a damaged or hostile file is refused without reading it
// whole). In memory it is a Uint8Array; the CLI gives one that reads a file descriptor. Pure.

export interface ByteSource {
  /** The whole size in bytes, known before anything is read. */
  readonly size: number;
  /** `length` bytes from `offset`; the caller keeps offset + length <= size. */
  read(offset: number, length: number): Uint8Array;
}

/** A source over bytes already in memory (no copy). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

export function asSource(input: Uint8Array | ByteSource): ByteSource {
  return input instanceof Uint8Array ? bytesSource(input) : input;
}
