// Expansion's errors, each cause reported once. A cause is what is wrong with one part of the text:
// the part's span (the parser makes one object per part) and the message. Expansion evaluates a part
// once per scope (scope.ts), but a cause can still come back: a let's error returns through every use
// of the let (bindings.ts keeps one per let), and a part of a parameterised block that does not read
// the parameters gives the same error in each scope it is used in.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { error } from '../../diagnostics/errors.js';
import type { Span } from '../../diagnostics/span.js';
import { grouped } from '../../util/grouped.js';

/** Errors expansion collects before it stops: far more than anyone reads (the CLI shows 20). */
const MAX_EXPANSION_ERRORS = 1000;

/** Thrown to stop expansion at an error it cannot go past (a limit), once the error is reported. */
export class Stop {}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /** The messages reported so far for each part of the text. */
  private readonly said = new Map<Span, string[]>();

  get failed(): boolean {
    return this.diagnostics.length > 0;
  }

  /** Reports a diagnostic unless its cause was reported already; null, for callers that give up. */
  report(d: Diagnostic): null {
    const said = this.said.get(d.span);
    if (said?.includes(d.message)) return null;
    if (said) said.push(d.message);
    else this.said.set(d.span, [d.message]);
    this.diagnostics.push(d);
    if (this.diagnostics.length >= MAX_EXPANSION_ERRORS) {
      // a file of millions of unknown names would otherwise hold millions of diagnostics
      this.stop(error('too-many-errors', `expansion stopped after ${grouped(MAX_EXPANSION_ERRORS)} errors`, d.span));
    }
    return null;
  }

  /** Reports an error that expansion cannot go past, and stops it. */
  stop(d: Diagnostic): never {
    this.diagnostics.push(d);
    throw new Stop();
  }
}
