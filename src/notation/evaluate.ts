// Evaluation of the notation's integer expressions (repeat counts, let values, layer arguments).
// Every result is an exact safe integer; `/` must divide exactly. Errors are returned, not thrown.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import type { Expr } from './ast.js';

/** Looks a name up: its value, or a diagnostic saying why it has none. */
export type NameLookup = (name: string, span: Expr['span']) => number | Diagnostic;

export type Evaluated = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: Diagnostic };

const ok = (value: number): Evaluated => ({ ok: true, value });
const fail = (e: Diagnostic): Evaluated => ({ ok: false, error: e });

function checked(value: number, expr: Expr): Evaluated {
  if (Number.isSafeInteger(value)) return ok(value);
  return fail(error('figure-too-large', `this expression's value is not an exact integer below 2^53 (${value})`, 'use smaller numbers', expr.span));
}

/** Evaluates an integer expression. `allowFraction` lets a literal like 0.5 through (layer arguments such as DROPOUT(0.5)). */
export function evaluate(expr: Expr, lookup: NameLookup, allowFraction = false): Evaluated {
  switch (expr.kind) {
    case 'number':
      // A whole literal must be exact (12345678901234567890 is not); a fraction only where allowed.
      if (Number.isInteger(expr.value) || !Number.isFinite(expr.value)) return checked(expr.value, expr);
      if (allowFraction) return ok(expr.value);
      return fail(error('not-an-integer', `${expr.text} is not an integer`, 'sizes, counts and strides are whole numbers', expr.span));
    case 'name': {
      const value = lookup(expr.name, expr.span);
      return typeof value === 'number' ? ok(value) : fail(value);
    }
    case 'negate': {
      const inner = evaluate(expr.operand, lookup, allowFraction);
      return inner.ok ? ok(-inner.value) : inner;
    }
    case 'binary':
      return binary(expr, lookup, allowFraction);
  }
}

function binary(expr: Expr & { kind: 'binary' }, lookup: NameLookup, allowFraction: boolean): Evaluated {
  const left = evaluate(expr.left, lookup, allowFraction);
  if (!left.ok) return left;
  const right = evaluate(expr.right, lookup, allowFraction);
  if (!right.ok) return right;
  const a = left.value;
  const b = right.value;
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
