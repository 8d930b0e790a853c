// Diagnostics are data: a stable code, a severity, a one-line message, a one-line hint and a span.
// Rendering (colours, the source line with a caret) lives in report/diagnostics.ts; deciding the exit
// code lives in the CLI. Nothing here throws.

import type { Span } from './span.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  /** Stable identifier: an error code such as `unknown-layer`, or a lint rule id. */
  readonly code: string;
  readonly severity: Severity;
  /** What is wrong, in one line. */
  readonly message: string;
  /** What to do about it, in one line. */
  readonly hint: string;
  readonly span: Span;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by position so that a file's problems read top to bottom. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.span.start.offset - b.span.start.offset;
}
