// Building error diagnostics, and the error codes the notation can produce (README "Errors" lists them).

import type { Diagnostic } from './diagnostic.js';
import type { Span } from './span.js';

export type ErrorCode =
  | 'syntax'
  | 'unknown-name'
  | 'unbound-name'
  | 'not-an-integer'
  | 'bad-argument'
  | 'out-of-range'
  | 'input-placement'
  | 'binding'
  | 'too-many-layers'
  | 'nesting-too-deep'
  | 'expression-too-long'
  | 'too-many-postfixes'
  | 'bindings-too-deep'
  | 'expansion-too-deep'
  | 'paths-too-long'
  | 'too-many-errors'
  | 'output-too-small'
  | 'branch-mismatch'
  | 'figure-too-large'
  | 'unsupported';

export function error(code: ErrorCode, message: string, hint: string, span: Span): Diagnostic {
  return { code, severity: 'error', message, hint, span };
}
