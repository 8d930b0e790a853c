// unused-parameter: a parameter of a parameterised block that its body never uses.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { bodyNames } from '../names.js';
import { finding, type Rule } from '../types.js';

export const unusedParameter: Rule = {
  id: 'unused-parameter',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A parameter of a parameterised block that its body never uses.',
    what: 'In `let name(a, b) = ...`, a parameter that the body does not mention.',
    why:
      'Every use of the block has to pass a value that changes nothing, and the usual cause is a slip in the body: ' +
      '`let stage(c) = [CONV3-64 => RELU]*2` where CONV3-c was meant, so every stage silently gets the same width.',
    fix: 'Use the parameter in the body (CONV(f=3, k=c)), or remove it from the let and from every use.',
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const stmt of ctx.ast.lets) {
      if (!stmt.params) continue;
      const names = bodyNames(stmt);
      for (const p of stmt.params) {
        if (names.has(p.name)) continue;
        out.push(finding(this, p.span, `parameter '${p.name}' of '${stmt.name}' is never used in its body`, `use '${p.name}' in the body of '${stmt.name}', or remove it`));
      }
    }
    return out;
  },
};
