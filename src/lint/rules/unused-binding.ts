// unused-binding: a `let` that nothing uses: neither the network nor a binding that the network uses
// (directly or through other bindings).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { letUses, networkUses } from '../names.js';
import { finding, type Rule } from '../types.js';

export const unusedBinding: Rule = {
  id: 'unused-binding',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A `let` binding that nothing uses.',
    what:
      'A `let` whose name appears neither in the network nor in any binding the network uses. A binding used only by ' +
      'other unused bindings is unused too.',
    why:
      'An unused binding is dead text that readers have to check against the network: usually a block that was renamed, ' +
      'a repeat count that was meant to be used (`[CONV3-64 => RELU]*2` written where `*N` was meant), or a leftover of ' +
      'an earlier design. `--set NAME=...` on an unused integer silently changes nothing.',
    fix: 'Use the binding where it was meant to be used, or delete the `let`.',
  },
  check(ctx) {
    const lets = new Map(ctx.ast.lets.map((s) => [s.name, s]));
    const reached = new Set<string>();
    const todo = [...networkUses(ctx.ast)];
    while (todo.length > 0) {
      const name = todo.pop()!;
      if (reached.has(name)) continue;
      reached.add(name);
      const stmt = lets.get(name);
      if (stmt) todo.push(...letUses(stmt));
    }
    const out: Diagnostic[] = [];
    for (const stmt of ctx.ast.lets) {
      if (reached.has(stmt.name)) continue;
      const users = ctx.ast.lets.filter((s) => s !== stmt && letUses(s).has(stmt.name)).map((s) => `'${s.name}'`);
      const message = users.length
        ? `'${stmt.name}' is only used by ${users.join(', ')}, which the network does not use`
        : `'${stmt.name}' is bound but nothing uses it`;
      out.push(finding(this, stmt.nameSpan, message, `use '${stmt.name}' in the network, or delete the let`));
    }
    return out;
  },
};
