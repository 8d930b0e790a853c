// unknown-directive: a comment that starts like a cnncalc directive (`# cnncalc-...`) but is none of
// the forms cnncalc reads (directives.ts), so that a typo such as cnncalc-disable-nextline, or
// eslint's cnncalc-enable, is reported instead of silencing nothing unnoticed.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { nearest } from '../../util/suggest.js';
import { DIRECTIVE_FORMS, unknownDirectives } from '../directives.js';
import { finding, type Rule } from '../types.js';

export const unknownDirective: Rule = {
  id: 'unknown-directive',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A comment written like a directive that is none of the forms cnncalc reads.',
    what:
      'A comment whose text starts with `cnncalc-` but is not `cnncalc-disable-next-line`, `cnncalc-disable-line` or ' +
      '`cnncalc-disable` followed by a space (or the end of the comment): a misspelt form, a form in capitals, or one ' +
      'cnncalc does not have, such as `cnncalc-enable`.',
    why:
      'Such a comment looks as if it silenced something but silences nothing, so the finding it was written for comes back ' +
      'and nobody sees why. The forms are few, and a typo in one is far more likely than a comment that happens to start ' +
      'with `cnncalc-`.',
    fix:
      'Write one of the three forms: `# cnncalc-disable-next-line RULE` above the line, `# cnncalc-disable-line RULE` at ' +
      'the end of the line, or `# cnncalc-disable RULE` for the whole file.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const u of unknownDirectives(ctx.comments)) {
      const guess = nearest(u.word.toLowerCase(), DIRECTIVE_FORMS);
      const hint = guess
        ? `did you mean '${guess}'?`
        : `the directives are ${DIRECTIVE_FORMS.map((f) => `'${f}'`).join(', ')}, each followed by the rule ids`;
      out.push(finding(this, u.span, `'${u.word}' is not a cnncalc directive; it silences nothing`, hint));
    }
    return out;
  },
};
