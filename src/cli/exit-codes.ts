// The exit codes every command returns, and the error that main.ts turns into a usage message.
export const EXIT = {
  /** Everything went well. */
  ok: 0,
  /** A check failed: a lint error, a budget exceeded, a verification mismatch. */
  checkFailed: 1,
  /** Bad input or usage: unreadable file, syntax or semantic error, unknown option. */
  badInput: 2,
} as const;

/** A usage problem found while reading arguments: printed as one line, exit 2. */
export class UsageError extends Error {}
