// What names mean where expansion stands: a name's integer value in a scope (a parameter of the
// block being expanded, then --set, then a let), what a binding's use expands to and the scope its
// body runs in (a parameterised block's arguments evaluated where it is used), a repeat's count and
// a layer's kind and arguments. Errors go to the reporter; the caller gets null.

import { error } from '../../diagnostics/errors.js';
import type * as A from '../ast.js';
import { evaluate, type NameLookup } from '../evaluate.js';
import { layerCall, unknownNameError, type LayerCall } from '../layer-args.js';
import { cycleError, type Bindings } from './bindings.js';
import type { Reporter } from './reporter.js';
import { ScopedCache, type Scope } from './scope.js';

/** A binding's use resolved: the body to expand, the scope to expand it in, and for its frame in the
 *  layers' paths, its name and (for a parameterised block) the argument values. */
export interface Target {
  readonly name: string;
  readonly body: A.Pipeline | A.Element;
  readonly scope: Scope;
  readonly args: number[] | null;
  /** The `let shared` statement whose uses share weights, or null. */
  readonly shared: A.LetStatement | null;
}

const sharedOf = (stmt: A.LetStatement): A.LetStatement | null => (stmt.shared ? stmt : null);

export class Resolver {
  readonly global: Scope = { values: new Map(), key: '' };
  private readonly callScopes = new ScopedCache<A.RefElement, Scope | null>();
  private readonly repeatCounts = new ScopedCache<A.RepeatElement, number | null>();
  /** One lookup per scope, made the first time the scope needs one: evaluations are many. */
  private readonly lookups = new Map<Scope, NameLookup>();

  constructor(
    private readonly bindings: Bindings,
    private readonly reporter: Reporter,
  ) {}

  private lookup(scope: Scope): NameLookup {
    let lookup = this.lookups.get(scope);
    if (!lookup) {
      lookup = (name, span) => scope.values.get(name) ?? this.bindings.integer(name, span);
      this.lookups.set(scope, lookup);
    }
    return lookup;
  }

  /** The pipeline a binding's use expands to and the scope to expand it in, or null after reporting why. */
  target(ref: A.RefElement, scope: Scope): Target | null {
    const target = this.bindings.pipelineTarget(ref.name);
    if (target.kind === 'unbound') return this.reporter.report(unknownNameError(ref.name, ref.span, this.bindings.names()));
    if (target.kind === 'cycle') return this.reporter.report(cycleError(ref.name, ref.span));
    if (target.kind === 'integer') {
      return this.reporter.report(error('not-an-integer', `'${ref.name}' is an integer, not a pipeline`, `use it as a count (E*${ref.name}) or an argument`, ref.span));
    }
    if (target.stmt.params || ref.args) {
      const inner = this.blockScope(ref, target.stmt, scope);
      return inner && { name: ref.name, body: target.body, scope: inner, args: [...inner.values.values()], shared: sharedOf(target.stmt) };
    }
    return { name: ref.name, body: target.body, scope, args: null, shared: sharedOf(target.stmt) };
  }

  /** The scope of a parameterised block's use: its arguments evaluated where it is used. */
  private blockScope(ref: A.RefElement, stmt: A.LetStatement, outer: Scope): Scope | null {
    if (this.callScopes.has(ref, outer)) return this.callScopes.get(ref, outer)!;
    const params = stmt.params ?? [];
    const args = ref.args ?? [];
    let scope: Scope | null = null;
    if (!stmt.params) {
      this.reporter.report(error('bad-argument', `'${ref.name}' takes no arguments`, `write ${ref.name} without parentheses, or give the let parameters`, ref.span));
    } else if (args.length !== params.length) {
      const wanted = `${params.length} argument${params.length === 1 ? '' : 's'} (${params.map((p) => p.name).join(', ')})`;
      this.reporter.report(error('bad-argument', `'${ref.name}' takes ${wanted}, got ${args.length}`, `write ${ref.name}(${params.map((p) => p.name).join(', ')}) with integers`, ref.span));
    } else {
      const values = new Map<string, number>();
      for (const [i, arg] of args.entries()) {
        if (arg.key !== null && arg.key !== params[i]!.name) {
          this.reporter.report(error('bad-argument', `argument ${i + 1} of '${ref.name}' is '${params[i]!.name}', not '${arg.key}'`, 'give the arguments in the order of the let', arg.span));
          continue;
        }
        if (arg.value.kind === 'tensor') {
          this.reporter.report(error('bad-argument', `'${ref.name}' takes integers; @${arg.value.name} is a tensor`, 'pass an integer; a block reads the tensor its pipeline starts from', arg.span));
          continue;
        }
        const result = evaluate(arg.value, this.lookup(outer));
        if (result.ok) values.set(params[i]!.name, result.value);
        else this.reporter.report(result.error);
      }
      if (values.size === params.length) scope = { values, key: `${ref.name}(${[...values.values()].join(',')})` };
    }
    this.callScopes.set(ref, outer, scope);
    return scope;
  }

  /** A repeat's count in a scope: 0 or more, or null after reporting why not. */
  repeatCount(el: A.RepeatElement, scope: Scope): number | null {
    if (this.repeatCounts.has(el, scope)) return this.repeatCounts.get(el, scope)!;
    const result = evaluate(el.count, this.lookup(scope));
    let count: number | null = null;
    if (!result.ok) this.reporter.report(result.error);
    else if (result.value < 0) {
      this.reporter.report(error('out-of-range', `a repeat count must be 0 or more, got ${result.value}`, 'use a count of 0 or more', el.count.span));
    } else count = result.value;
    this.repeatCounts.set(el, scope, count);
    return count;
  }

  /** A layer's kind and checked arguments in a scope, or null after reporting what is wrong. */
  layer(el: A.LayerElement, scope: Scope): LayerCall | null {
    const result = layerCall(el, this.lookup(scope), this.bindings.names());
    if (!Array.isArray(result)) return result;
    for (const d of result) this.reporter.report(d);
    return null;
  }
}
