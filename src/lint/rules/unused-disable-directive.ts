// unused-disable-directive: a rule named in a disable directive that had no finding to silence where
// the directive applies (its line, the next line with code, or the file). Runs after the other rules
// (`late`).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DISABLE_FILE, type Directive } from '../directives.js';
import { finding, type Rule } from '../types.js';
import { KNOWN_RULES } from './unknown-disable-rule.js';

function whereUnused(d: Directive, id: string): string {
  if (d.form === DISABLE_FILE) return `nothing in this file is reported by '${id}'`;
  return d.target === null ? 'no line follows it' : `nothing on line ${d.target} is reported by '${id}'`;
}

export const unusedDisableDirective: Rule = {
  id: 'unused-disable-directive',
  defaultSeverity: 'note',
  late: true,
  docs: {
    summary: 'A disable directive that silences nothing.',
    what:
      'A rule named in a disable directive that reports nothing where the directive applies: the next line holding more ' +
      'than blank space and comments (`# cnncalc-disable-next-line`), the line of the comment (`# cnncalc-disable-line`), ' +
      'or the whole file (`# cnncalc-disable`).',
    why:
      'A stale directive hides nothing today but will silence a real finding later, when the line changes. It often means ' +
      'the directive sits above the wrong line: findings about a layer in a `let` body are reported at the let, not where ' +
      'it is used.',
    fix: 'Delete the directive, or move it to the line just above the finding it is meant for.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const d of ctx.directives) {
      for (const r of d.rules) {
        if (!KNOWN_RULES.includes(r.id) || !ctx.active.has(r.id) || ctx.used.has(r)) continue;
        const where = whereUnused(d, r.id);
        out.push(finding(this, r.span, `this directive silences nothing: ${where}`, 'delete it, or move it just above the finding it is for'));
      }
    }
    return out;
  },
};
