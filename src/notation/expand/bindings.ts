// The file's `let` bindings, each resolved once: what a name stands for (an integer, a pipeline, a
// parameterised block, a cycle), and every integer's value. Resolving once keeps expansion linear in
// the number of lets (a chain `let a_i = a_(i-1)` used to be re-resolved at every step of every use,
// cubic in its length), and every walk here keeps its own stack: a chain of any length resolves
// without recursion, so its length never meets the call stack's limit.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { error } from '../../diagnostics/errors.js';
import type { Span } from '../../diagnostics/span.js';
import { isLayerName } from '../../layers/names.js';
import type * as A from '../ast.js';
import { evaluate } from '../evaluate.js';

/** What a name used as a pipeline element stands for. */
export type PipelineTarget =
  | { readonly kind: 'pipeline'; readonly stmt: A.LetStatement; readonly body: A.Pipeline | A.Element }
  | { readonly kind: 'cycle' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'unbound' };

/** The name at the bottom of an expression's `*` chain: `b` in `b*2*N`, or null (`2*b`, `b+1`). */
function headName(expr: A.Expr): string | null {
  while (expr.kind === 'binary' && expr.op === '*') expr = expr.left;
  return expr.kind === 'name' ? expr.name : null;
}

/** `let b2 = blk*2` written as an expression, as the element it stands for: `blk` repeated. */
function exprAsElement(expr: A.Expr): A.Element {
  const counts: A.Expr[] = [];
  let head = expr;
  while (head.kind === 'binary') {
    counts.push(head.right);
    head = head.left;
  }
  let el: A.Element = { kind: 'ref', name: (head as A.NameExpr).name, args: null, span: head.span };
  for (let i = counts.length - 1; i >= 0; i--) el = { kind: 'repeat', body: el, count: counts[i]!, span: { start: expr.span.start, end: counts[i]!.span.end } };
  return el;
}

/** The names an expression uses, in order. */
function namesIn(expr: A.Expr): string[] {
  const out: string[] = [];
  const stack: A.Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === 'name') out.push(e.name);
    else if (e.kind === 'negate') stack.push(e.operand);
    else if (e.kind === 'binary') stack.push(e.right, e.left);
  }
  return out;
}

/** A binding on a cycle: let a = b, let b = a*2. */
export function cycleError(name: string, span: Span): Diagnostic {
  return error('binding', `'${name}' is defined in terms of itself`, 'break the cycle between the let bindings', span);
}

export class Bindings {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lets = new Map<string, A.LetStatement>();
  /** Whether each expression let heads a `*` chain down to a pipeline (`let b2 = blk*2`). */
  private readonly pipelineHeads = new Map<string, 'pipeline' | 'cycle' | 'integer'>();
  private readonly integers = new Map<string, number | Diagnostic>();
  private readonly elements = new Map<A.LetStatement, A.Element>();

  constructor(
    statements: readonly A.LetStatement[],
    private readonly set: Readonly<Record<string, number>> = {},
  ) {
    this.collect(statements);
    if (this.diagnostics.length === 0) this.evaluateIntegers();
  }

  get(name: string): A.LetStatement | undefined {
    return this.lets.get(name);
  }

  names(): Iterable<string> {
    return this.lets.keys();
  }

  /** The integers bound by the file and by --set (which wins). */
  values(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, value] of this.integers) if (typeof value === 'number') out.set(name, value);
    for (const [name, value] of Object.entries(this.set)) out.set(name, value);
    return out;
  }

  private collect(statements: readonly A.LetStatement[]): void {
    for (const stmt of statements) {
      const twice = stmt.params?.find((p, i) => stmt.params!.findIndex((q) => q.name === p.name) < i);
      if (isLayerName(stmt.name)) {
        this.diagnostics.push(error('binding', `'${stmt.name}' is a layer name and cannot be bound`, 'choose another name for the binding', stmt.nameSpan));
      } else if (this.lets.has(stmt.name)) {
        this.diagnostics.push(error('binding', `'${stmt.name}' is bound twice`, 'give each let its own name', stmt.nameSpan));
      } else if (stmt.params && stmt.value.kind !== 'pipeline') {
        this.diagnostics.push(error('binding', `a parameterised binding must be a pipeline: let ${stmt.name}(...) = [ ... ]`, 'bind integers without parameters', stmt.nameSpan));
      } else if (twice) {
        this.diagnostics.push(error('binding', `'${stmt.name}' names its parameter '${twice.name}' twice`, 'give each parameter its own name', twice.span));
      } else this.lets.set(stmt.name, stmt);
    }
    for (const name of Object.keys(this.set)) {
      const stmt = this.lets.get(name);
      if (stmt && stmt.value.kind === 'pipeline') {
        this.diagnostics.push(error('binding', `--set ${name}: '${name}' is a pipeline binding, not an integer`, `--set binds integers only; rename one of them`, stmt.nameSpan));
      }
    }
  }

  /** Whether an expression let stands for a pipeline: its `*` chain bottoms out at a pipeline
   *  binding, through any number of names standing for names. Resolved once per name, iteratively. */
  private headKind(name: string): 'pipeline' | 'cycle' | 'integer' {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let kind: 'pipeline' | 'cycle' | 'integer' = 'integer';
    for (let n: string | null = name; n !== null; ) {
      const known = this.pipelineHeads.get(n);
      if (known) {
        kind = known;
        break;
      }
      if (onChain.has(n)) {
        kind = 'cycle'; // names standing for names in a loop (let a = b, let b = a*2)
        break;
      }
      const value = this.lets.get(n)?.value;
      if (!value) break;
      if (value.kind === 'pipeline') {
        kind = 'pipeline';
        break;
      }
      chain.push(n);
      onChain.add(n);
      n = headName(value);
    }
    for (const n of chain) this.pipelineHeads.set(n, kind);
    return kind;
  }

  private isPipeline(stmt: A.LetStatement): boolean {
    return stmt.value.kind === 'pipeline' || this.headKind(stmt.name) === 'pipeline';
  }

  /** What a name used as an element stands for. */
  pipelineTarget(name: string): PipelineTarget {
    const stmt = this.lets.get(name);
    if (!stmt) return { kind: 'unbound' };
    if (stmt.value.kind === 'pipeline') return { kind: 'pipeline', stmt, body: stmt.value };
    const head = this.headKind(name);
    if (head === 'cycle') return { kind: 'cycle' };
    if (head === 'integer') return { kind: 'integer' };
    let el = this.elements.get(stmt);
    if (!el) this.elements.set(stmt, (el = exprAsElement(stmt.value)));
    return { kind: 'pipeline', stmt, body: el };
  }

  /** The integer value of a name outside any block: --set first, then an integer let. */
  integer(name: string, span: Span): number | Diagnostic {
    const fromSet = this.set[name];
    if (fromSet !== undefined) return fromSet;
    const value = this.integers.get(name);
    if (value !== undefined) return value;
    const stmt = this.lets.get(name);
    if (!stmt) {
      if (isLayerName(name)) return error('not-an-integer', `'${name}' is a layer, not an integer`, 'write a number or an integer binding here', span);
      return error('unbound-name', `'${name}' is not bound`, `bind it with 'let ${name} = ...' in the file or '--set ${name}=...' on the command line`, span);
    }
    if (stmt.params) return error('not-an-integer', `'${name}' is a parameterised block, not an integer`, 'use an integer binding here', span);
    return error('not-an-integer', `'${name}' is a pipeline, not an integer`, 'use an integer binding here', span);
  }

  /** Evaluates every integer let once, each after the lets it uses (depth first over an explicit
   *  stack), so that evaluating one never recurses into another. A let on a cycle gets the error. */
  private evaluateIntegers(): void {
    const state = new Map<string, 'open' | 'done'>();
    const isInteger = (name: string): boolean => {
      const stmt = this.lets.get(name);
      return stmt !== undefined && this.set[name] === undefined && !this.isPipeline(stmt);
    };
    for (const root of this.lets.keys()) {
      if (state.has(root) || !isInteger(root)) continue;
      const stack: { name: string; uses: string[]; next: number }[] = [];
      const open = (name: string): void => {
        state.set(name, 'open');
        stack.push({ name, uses: namesIn(this.lets.get(name)!.value as A.Expr).filter(isInteger), next: 0 });
      };
      open(root);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next < top.uses.length) {
          const use = top.uses[top.next++]!;
          if (!state.has(use)) open(use);
          else if (state.get(use) === 'open') this.markCycle(stack, use);
          continue;
        }
        stack.pop();
        state.set(top.name, 'done');
        if (this.integers.has(top.name)) continue; // on a cycle: already given its error
        const result = evaluate(this.lets.get(top.name)!.value as A.Expr, (n, span) => this.integer(n, span));
        this.integers.set(top.name, result.ok ? result.value : result.error);
      }
    }
  }

  /** The lets on the stack from `name` up form a cycle: each is defined in terms of itself. */
  private markCycle(stack: readonly { name: string }[], name: string): void {
    for (let i = stack.length - 1; i >= 0; i--) {
      const n = stack[i]!.name;
      const stmt = this.lets.get(n)!;
      if (!this.integers.has(n)) this.integers.set(n, cycleError(n, stmt.nameSpan));
      if (n === name) break;
    }
  }
}
