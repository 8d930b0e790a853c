// unknown-disable-rule: a disable directive (any form: directives.ts) that names no rule, or a rule that
// does not exist (a typo would otherwise silence nothing without anyone noticing).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { nearest } from '../../util/suggest.js';
import { finding, type Rule } from '../types.js';

/** Filled in by the registry, which knows every rule (a rule module cannot import the registry). */
export const KNOWN_RULES: string[] = [];

export const unknownDisableRule: Rule = {
  id: 'unknown-disable-rule',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A disable directive names a rule that does not exist, or none.',
    what:
      'A `# cnncalc-disable-next-line`, `# cnncalc-disable-line` or `# cnncalc-disable` comment with no rule id after it, or ' +
      'with an id that is not a lint rule.',
    why:
      'The directive silences only the rules it names, so a misspelt id silences nothing while looking as if it did, and ' +
      'the finding it was meant for comes back (or was never there). `cnncalc lint --list` lists the ids.',
    fix: 'Write the rule id as `cnncalc lint --list` prints it: # cnncalc-disable-next-line window-not-integral',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const d of ctx.directives) {
      if (d.rules.length === 0) {
        out.push(finding(this, d.span, 'this disable directive names no rule', `name the rules to silence: # ${d.form} RULE[, RULE...]`));
      }
      for (const r of d.rules) {
        if (KNOWN_RULES.includes(r.id)) continue;
        const guess = nearest(r.id, KNOWN_RULES);
        out.push(finding(this, r.span, `'${r.id}' is not a lint rule`, guess ? `did you mean '${guess}'?` : "see 'cnncalc lint --list' for the rule ids"));
      }
    }
    return out;
  },
};
