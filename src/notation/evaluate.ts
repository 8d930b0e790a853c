// Evaluation of the notation's integer expressions (repeat counts, let values, layer arguments).
// Every result is an exact safe integer; `/` must divide exactly. Errors are returned, not thrown.
// The walk keeps its own stack instead of recursing, so that the length of an expression
// (`1+1+...+1` is a left-deep tree as deep as it has terms) never meets the call stack's limit.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import type { BinaryExpr, Expr } from './ast.js';

/** Looks a name up: its value, or a diagnostic saying why it has none. */
export type NameLookup = (name: string, span: Expr['span']) => number | Diagnostic;

export type Evaluated = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: Diagnostic };

/** A fraction's result in another hidden class than an integer's (grammar.ts numberExpr says why). */
const ok = (value: number): Evaluated => (Number.isInteger(value) ? { ok: true, value } : { value, ok: true });
const fail = (e: Diagnostic): Evaluated => ({ ok: false, error: e });

function checked(value: number, expr: Expr): Evaluated {
  if (Number.isSafeInteger(value)) return ok(value);
  return fail(error('figure-too-large', `this expression's value is not an exact integer below 2^53 (${value})`, 'use smaller numbers', expr.span));
}

/** A leaf's value: a literal or a name. */
function leaf(expr: Expr & { kind: 'number' | 'name' }, lookup: NameLookup, allowFraction: boolean): Evaluated {
  if (expr.kind === 'name') {
    const value = lookup(expr.name, expr.span);
    return typeof value === 'number' ? ok(value) : fail(value);
  }
  // A whole literal must be exact (12345678901234567890 is not); a fraction only where allowed.
  if (Number.isInteger(expr.value) || !Number.isFinite(expr.value)) return checked(expr.value, expr);
  if (allowFraction) return ok(expr.value);
  return fail(error('not-an-integer', `${expr.text} is not an integer`, 'sizes, counts and strides are whole numbers', expr.span));
}

/** Evaluates an integer expression. `allowFraction` lets a literal like 0.5 through (layer arguments such as DROPOUT(0.5)). */
export function evaluate(expr: Expr, lookup: NameLookup, allowFraction = false): Evaluated {
  if (expr.kind === 'number' || expr.kind === 'name') return leaf(expr, lookup, allowFraction); // most arguments: no stack
  // Post-order over an explicit stack: a node is pushed, then its operands; once they are
  // evaluated (their values on `values`), the node combines them. Operands evaluate left to right,
  // and the first error stops the walk, as a recursive evaluation would.
  const pending: { expr: Expr; visited: boolean }[] = [{ expr, visited: false }];
  const values: number[] = [];
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    const e = top.expr;
    if (e.kind === 'number' || e.kind === 'name') {
      pending.pop();
      const result = leaf(e, lookup, allowFraction);
      if (!result.ok) return result;
      values.push(result.value);
    } else if (!top.visited) {
      top.visited = true;
      if (e.kind === 'negate') pending.push({ expr: e.operand, visited: false });
      else pending.push({ expr: e.right, visited: false }, { expr: e.left, visited: false });
    } else {
      pending.pop();
      const result = e.kind === 'negate' ? ok(-values.pop()!) : binary(e, values.splice(-2, 2) as [number, number], allowFraction);
      if (!result.ok) return result;
      values.push(result.value);
    }
  }
  return ok(values[0]!);
}

function binary(expr: BinaryExpr, [a, b]: [number, number], allowFraction: boolean): Evaluated {
  switch (expr.op) {
    case '+':
      return checked(a + b, expr);
    case '-':
      return checked(a - b, expr);
    case '*':
      return allowFraction ? ok(a * b) : checked(a * b, expr);
    case '/':
      if (b === 0) return fail(error('not-an-integer', 'division by zero', 'divide by a non-zero integer', expr.span));
      if (!allowFraction && a % b !== 0) {
        return fail(error('not-an-integer', `${a}/${b} does not divide exactly`, "'/' in the notation must divide exactly; adjust the numbers", expr.span));
      }
      return ok(a / b);
  }
}
