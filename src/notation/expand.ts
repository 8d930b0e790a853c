// Expansion: bindings, repeats, optional elements and branches are unrolled in one pass into a graph
// of layer nodes (notation/network.ts), each with its span and repetition path; `{ A | B }` and
// `{ A + B }` become their branches' nodes plus a merge node fed by each branch's last node. A
// counting pass runs first, so that `[CONV]*1000000000` is refused at once instead of being unrolled.
//
// Parameterised blocks (`let name(a, b) = ...`) evaluate their arguments where they are used and run
// their body in a scope holding the parameters; everything cached per AST node is cached per scope.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { spanText } from '../diagnostics/line-index.js';
import type { Span } from '../diagnostics/span.js';
import { isLayerName, lookupLayerName } from '../layers/names.js';
import { grouped } from '../util/grouped.js';
import type * as A from './ast.js';
import { evaluate } from './evaluate.js';
import { layerCall, unknownNameError, type LayerCall } from './layer-args.js';
import type { Network, NetworkNode, PathFrame } from './network.js';
import { ScopedCache } from './scoped-cache.js';

export interface ExpandOptions {
  /** Integer bindings from the command line (`--set N=3`): they override a `let` and bind free names. */
  readonly set?: Readonly<Record<string, number>>;
  /** Leave out every optional element (`E?`). */
  readonly withoutOptional?: boolean;
  /** Refuse networks that expand to more layers than this (default 1,000,000). */
  readonly maxLayers?: number;
}

export interface ExpandResult {
  readonly network: Network | null;
  readonly diagnostics: readonly Diagnostic[];
}

export const DEFAULT_MAX_LAYERS = 1_000_000;

type ActiveFrame =
  | { kind: 'repeat'; iteration: number; count: number; length: number; start: number; span: Span }
  | Exclude<PathFrame, { kind: 'repeat' }>;

/** The parameters of the block being expanded, and a key naming their values for the caches. */
interface Scope {
  readonly values: ReadonlyMap<string, number>;
  readonly key: string;
}

const GLOBAL: Scope = { values: new Map(), key: '' };

const NO_FRAMES: readonly PathFrame[] = [];

class Expansion {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lets = new Map<string, A.LetStatement>();
  private readonly integers = new Map<string, number | Diagnostic>();
  private readonly evaluating = new Set<string>();
  private readonly calls = new ScopedCache<A.LayerElement, LayerCall | null>();
  private readonly counts = new ScopedCache<A.Element | A.Pipeline, bigint>();
  private readonly repeatCounts = new ScopedCache<A.RepeatElement, number | null>();
  private readonly callScopes = new ScopedCache<A.RefElement, Scope | null>();
  private readonly reported = new Set<string>();
  private readonly texts = new Map<A.LayerElement, string>();
  private readonly nodes: NetworkNode[] = [];
  private readonly frames: ActiveFrame[] = [];
  private readonly expandingRefs = new Set<string>();
  private scope: Scope = GLOBAL;
  /** The node whose output feeds the next layer; -1 before INPUT. */
  private tail = -1;

  constructor(
    private readonly file: A.NetworkFile,
    private readonly source: string,
    private readonly options: ExpandOptions,
  ) {}

  run(): ExpandResult {
    this.collectLets();
    const network = this.file.network;
    if (!network || this.diagnostics.length > 0) return this.result(null);
    const total = this.countPipeline(network);
    if (this.diagnostics.length > 0) return this.result(null);
    const max = this.options.maxLayers ?? DEFAULT_MAX_LAYERS;
    if (total > BigInt(max)) {
      this.diagnostics.push(
        error('too-many-layers', `the network expands to ${grouped(total)} layers (INPUT included), more than the limit of ${grouped(max)}`, 'check the repeat counts, or raise the limit with --max-layers N', network.span),
      );
      return this.result(null);
    }
    this.expandPipeline(network);
    if (this.nodes.length === 0 || this.nodes[0]!.kind !== 'input') this.missingInput(network);
    if (this.diagnostics.length > 0) return this.result(null);
    const integers = new Map<string, number>();
    for (const [name, value] of this.integers) if (typeof value === 'number') integers.set(name, value);
    for (const [name, value] of Object.entries(this.options.set ?? {})) integers.set(name, value);
    return this.result({ nodes: this.nodes, output: this.tail, ast: this.file, integers });
  }

  private result(network: Network | null): ExpandResult {
    return { network, diagnostics: this.diagnostics };
  }

  // ---- bindings ----------------------------------------------------------------------------

  private collectLets(): void {
    for (const stmt of this.file.lets) {
      if (isLayerName(stmt.name)) {
        this.diagnostics.push(error('binding', `'${stmt.name}' is a layer name and cannot be bound`, 'choose another name for the binding', stmt.nameSpan));
      } else if (this.lets.has(stmt.name)) {
        this.diagnostics.push(error('binding', `'${stmt.name}' is bound twice`, 'give each let its own name', stmt.nameSpan));
      } else if (stmt.params && stmt.value.kind !== 'pipeline') {
        this.diagnostics.push(error('binding', `a parameterised binding must be a pipeline: let ${stmt.name}(...) = [ ... ]`, 'bind integers without parameters', stmt.nameSpan));
      } else this.lets.set(stmt.name, stmt);
    }
    for (const name of Object.keys(this.options.set ?? {})) {
      const stmt = this.lets.get(name);
      if (stmt && stmt.value.kind === 'pipeline') {
        this.diagnostics.push(error('binding', `--set ${name}: '${name}' is a pipeline binding, not an integer`, `--set binds integers only; rename one of them`, stmt.nameSpan));
      }
    }
  }

  /** The integer value of a name: --set first, then an integer let; a diagnostic otherwise. */
  private lookup = (name: string, span: Span): number | Diagnostic => {
    const param = this.scope.values.get(name);
    if (param !== undefined) return param;
    const fromSet = this.options.set?.[name];
    if (fromSet !== undefined) return fromSet;
    const cached = this.integers.get(name);
    if (cached !== undefined) return cached;
    const stmt = this.lets.get(name);
    if (!stmt) {
      if (isLayerName(name)) return error('not-an-integer', `'${name}' is a layer, not an integer`, 'write a number or an integer binding here', span);
      return error('unbound-name', `'${name}' is not bound`, `bind it with 'let ${name} = ...' in the file or '--set ${name}=...' on the command line`, span);
    }
    if (stmt.value.kind === 'pipeline' || this.pipelineLike(stmt.value)) {
      return error('not-an-integer', `'${name}' is a pipeline, not an integer`, 'use an integer binding here', span);
    }
    if (stmt.params) return error('not-an-integer', `'${name}' is a parameterised block, not an integer`, 'use an integer binding here', span);
    if (this.evaluating.has(name)) {
      return error('binding', `'${name}' is defined in terms of itself`, 'break the cycle between the let bindings', stmt.nameSpan);
    }
    this.evaluating.add(name);
    const outer = this.scope;
    this.scope = GLOBAL; // a let's value does not see the parameters of the block that uses it
    const result = evaluate(stmt.value, this.lookup);
    this.scope = outer;
    this.evaluating.delete(name);
    const value = result.ok ? result.value : result.error;
    this.integers.set(name, value);
    return value;
  };

  /** `let b2 = blk*2` parses as an expression; it is a pipeline when its name is a pipeline binding. */
  private pipelineLike(expr: A.Expr, seen: ReadonlySet<string> = new Set()): boolean {
    if (expr.kind === 'name') {
      const target = this.lets.get(expr.name);
      if (!target || seen.has(expr.name)) return false;
      return target.value.kind === 'pipeline' || this.pipelineLike(target.value, new Set([...seen, expr.name]));
    }
    return expr.kind === 'binary' && expr.op === '*' && this.pipelineLike(expr.left, seen);
  }

  /** Whether `let a = b`, `let b = a` (names standing for names, maybe repeated) come back to `name`. */
  private namesLoop(name: string): boolean {
    const seen = new Set<string>();
    const valueOf = (n: string): A.Expr | undefined => {
      const value = this.lets.get(n)?.value;
      return value && value.kind !== 'pipeline' ? value : undefined;
    };
    let expr = valueOf(name);
    while (expr) {
      while (expr.kind === 'binary' && expr.op === '*') expr = expr.left;
      if (expr.kind !== 'name') return false;
      if (expr.name === name || seen.has(expr.name)) return true;
      seen.add(expr.name);
      expr = valueOf(expr.name);
    }
    return false;
  }

  /** The element a pipeline-like expression stands for: a reference, maybe repeated. */
  private exprAsElement(expr: A.Expr): A.Element {
    if (expr.kind === 'binary') return { kind: 'repeat', body: this.exprAsElement(expr.left), count: expr.right, span: expr.span };
    return { kind: 'ref', name: (expr as A.NameExpr).name, args: null, span: expr.span };
  }

  /** Reports a diagnostic once per position and message (a block used twice would repeat it). */
  private report(d: Diagnostic): null {
    const key = `${d.span.start.offset}:${d.message}`;
    if (!this.reported.has(key)) this.diagnostics.push(d);
    this.reported.add(key);
    return null;
  }

  /** The pipeline a reference expands to and the scope to expand it in, or null after reporting why. */
  private resolveRef(ref: A.RefElement): { name: string; body: A.Pipeline | A.Element; scope: Scope; args: number[] | null } | null {
    const stmt = this.lets.get(ref.name);
    if (!stmt) return this.report(unknownNameError(ref.name, ref.span, this.lets.keys()));
    if (stmt.params || ref.args) {
      const scope = this.blockScope(ref, stmt);
      if (!scope) return null;
      return { name: ref.name, body: stmt.value as A.Pipeline, scope, args: [...scope.values.values()] };
    }
    if (stmt.value.kind === 'pipeline') return { name: ref.name, body: stmt.value, scope: this.scope, args: null };
    if (this.pipelineLike(stmt.value)) return { name: ref.name, body: this.exprAsElement(stmt.value), scope: this.scope, args: null };
    if (this.namesLoop(ref.name)) {
      return this.report(error('binding', `'${ref.name}' is defined in terms of itself`, 'break the cycle between the let bindings', ref.span));
    }
    return this.report(error('not-an-integer', `'${ref.name}' is an integer, not a pipeline`, `use it as a count (E*${ref.name}) or an argument`, ref.span));
  }

  /** The scope of a parameterised block's use: its arguments evaluated where it is used. */
  private blockScope(ref: A.RefElement, stmt: A.LetStatement): Scope | null {
    if (this.callScopes.has(ref, this.scope.key)) return this.callScopes.get(ref, this.scope.key)!;
    const params = stmt.params ?? [];
    const args = ref.args ?? [];
    let scope: Scope | null = null;
    if (!stmt.params) {
      this.report(error('bad-argument', `'${ref.name}' takes no arguments`, `write ${ref.name} without parentheses, or give the let parameters`, ref.span));
    } else if (args.length !== params.length) {
      const wanted = `${params.length} argument${params.length === 1 ? '' : 's'} (${params.map((p) => p.name).join(', ')})`;
      this.report(error('bad-argument', `'${ref.name}' takes ${wanted}, got ${args.length}`, `write ${ref.name}(${params.map((p) => p.name).join(', ')}) with integers`, ref.span));
    } else {
      const values = new Map<string, number>();
      for (const [i, arg] of args.entries()) {
        if (arg.key !== null && arg.key !== params[i]!.name) {
          this.report(error('bad-argument', `argument ${i + 1} of '${ref.name}' is '${params[i]!.name}', not '${arg.key}'`, 'give the arguments in the order of the let', arg.span));
          continue;
        }
        const result = evaluate(arg.value, this.lookup);
        if (result.ok) values.set(params[i]!.name, result.value);
        else this.report(result.error);
      }
      if (values.size === params.length) scope = { values, key: `${ref.name}(${[...values.values()].join(',')})` };
    }
    this.callScopes.set(ref, this.scope.key, scope);
    return scope;
  }

  /** Runs `f` inside a block's scope and binding frame. */
  private within<T>(target: { name: string; scope: Scope; args: number[] | null }, span: Span, f: () => T): T {
    const outer = this.scope;
    this.scope = target.scope;
    this.frames.push({ kind: 'binding', name: target.name, args: target.args, span });
    try {
      return f();
    } finally {
      this.frames.pop();
      this.scope = outer;
    }
  }

  // ---- counting ----------------------------------------------------------------------------

  private countPipeline(p: A.Pipeline): bigint {
    let total = this.counts.get(p, this.scope.key);
    if (total !== undefined) return total;
    total = 0n;
    for (const el of p.elements) total += this.countElement(el);
    this.counts.set(p, this.scope.key, total);
    return total;
  }

  private countElement(el: A.Element): bigint {
    if (el.kind === 'layer') return 1n; // not cached: a long pipeline is mostly layers
    if (el.kind === 'identity') return 0n;
    const cached = this.counts.get(el, this.scope.key);
    if (cached !== undefined) return cached;
    let n = 0n;
    switch (el.kind) {
      case 'group':
        n = this.countPipeline(el.body);
        break;
      case 'optional':
        n = this.options.withoutOptional ? 0n : this.countElement(el.body);
        break;
      case 'repeat':
        n = BigInt(this.repeatCount(el) ?? 0) * this.countElement(el.body);
        break;
      case 'ref':
        n = this.countRef(el);
        break;
      case 'branch':
        n = this.countBranches(el);
        break;
    }
    this.counts.set(el, this.scope.key, n);
    return n;
  }

  /** Every branch's layers, plus the merge when there are two branches or more. */
  private countBranches(el: A.BranchElement): bigint {
    const mixed = el.separators.find((s) => s.text !== el.separators[0]!.text);
    if (mixed) {
      this.report(error('syntax', `one brace uses one kind of separator: '|' (concatenate) or '+' (add), not both`, 'split the brace in two, or use one separator', mixed.span));
    }
    let n = el.branches.length > 1 ? 1n : 0n;
    for (const branch of el.branches) n += this.countPipeline(branch);
    return n;
  }

  private countRef(ref: A.RefElement): bigint {
    if (this.expandingRefs.has(ref.name)) {
      this.diagnostics.push(error('binding', `'${ref.name}' refers to itself`, 'a binding cannot contain itself', ref.span));
      return 0n;
    }
    const target = this.resolveRef(ref);
    if (!target) return 0n;
    this.expandingRefs.add(ref.name);
    const n = this.within(target, ref.span, () =>
      target.body.kind === 'pipeline' ? this.countPipeline(target.body) : this.countElement(target.body),
    );
    this.expandingRefs.delete(ref.name);
    return n;
  }

  private repeatCount(el: A.RepeatElement): number | null {
    if (this.repeatCounts.has(el, this.scope.key)) return this.repeatCounts.get(el, this.scope.key)!;
    const result = evaluate(el.count, this.lookup);
    let count: number | null = null;
    if (!result.ok) this.diagnostics.push(result.error);
    else if (result.value < 0) {
      this.diagnostics.push(error('out-of-range', `a repeat count must be 0 or more, got ${result.value}`, 'use a count of 0 or more', el.count.span));
    } else count = result.value;
    this.repeatCounts.set(el, this.scope.key, count);
    return count;
  }

  // ---- unrolling ---------------------------------------------------------------------------

  private expandPipeline(p: A.Pipeline): void {
    for (const el of p.elements) this.expandElement(el);
  }

  private expandElement(el: A.Element): void {
    switch (el.kind) {
      case 'layer':
        return this.addLayer(el);
      case 'group':
        return this.expandPipeline(el.body);
      case 'optional':
        if (!this.options.withoutOptional) this.expandElement(el.body);
        return;
      case 'repeat':
        return this.expandRepeat(el);
      case 'ref': {
        const target = this.resolveRef(el);
        if (!target) return;
        const body = target.body;
        this.within(target, el.span, () => (body.kind === 'pipeline' ? this.expandPipeline(body) : this.expandElement(body)));
        return;
      }
      case 'branch':
        return this.expandBranches(el);
      case 'identity':
        return;
    }
  }

  /** Each branch starts from the brace's input; a merge node takes every branch's last node. */
  private expandBranches(el: A.BranchElement): void {
    const entry = this.tail;
    if (entry < 0) return this.missingInput(el);
    const ends: number[] = [];
    el.branches.forEach((branch, i) => {
      this.tail = entry;
      this.frames.push({ kind: 'branch', index: i + 1, count: el.branches.length, merge: el.merge, span: el.span });
      this.expandPipeline(branch);
      this.frames.pop();
      ends.push(this.tail);
    });
    if (el.branches.length < 2) return;
    const id = this.nodes.length;
    const text = `${el.merge} of ${el.branches.length} branches`;
    const branchSpans = el.branches.map((b) => b.span);
    this.nodes.push({ id, kind: el.merge, given: {}, text, span: el.span, path: this.path(), inputs: ends, branchSpans });
    this.tail = id;
  }

  private expandRepeat(el: A.RepeatElement): void {
    const count = this.repeatCount(el) ?? 0;
    const length = Number(this.countElement(el.body));
    for (let iteration = 1; iteration <= count; iteration++) {
      this.frames.push({ kind: 'repeat', iteration, count, length, start: this.nodes.length, span: el.span });
      this.expandElement(el.body);
      this.frames.pop();
    }
  }

  private path(): readonly PathFrame[] {
    if (this.frames.length === 0) return NO_FRAMES; // most layers of a long plain pipeline: share one
    const id = this.nodes.length;
    return this.frames.map((f) =>
      f.kind === 'repeat'
        ? { kind: 'repeat', iteration: f.iteration, count: f.count, position: id - f.start + 1, length: f.length, span: f.span }
        : f,
    );
  }

  private addLayer(el: A.LayerElement): void {
    const call = this.call(el);
    const id = this.nodes.length;
    if (!call) {
      // An INPUT with a bad argument is still the network's start: no "must start with INPUT" later.
      if (id === 0 && lookupLayerName(el.name)?.kind === 'input') this.reported.add('missing-input');
      return;
    }
    if (call.kind === 'input' && id > 0) {
      this.report(error('input-placement', 'INPUT can only come first, once', 'remove this INPUT; the network has one input, at its start', el.span));
      return;
    }
    if (id === 0 && call.kind !== 'input') {
      this.missingInput(el);
      return;
    }
    const text = this.textOf(el);
    this.nodes.push({ id, kind: call.kind, given: call.given, text, span: el.span, path: this.path(), inputs: id === 0 ? [] : [this.tail] });
    this.tail = id;
  }

  /** The layer as written, comments dropped and whitespace collapsed; once per element, not per repetition. */
  private textOf(el: A.LayerElement): string {
    let text = this.texts.get(el);
    if (text === undefined) {
      text = spanText(this.source, el.span);
      if (/[#\s]/.test(text)) text = text.replace(/#[^\r\n]*/g, '').replace(/\s+/g, ' ');
      if (this.mayRevisit()) this.texts.set(el, text);
    }
    return text;
  }

  /** Whether the element being expanded can be reached again (inside a repeat, a binding's body or a
   *  branch): only then are its results worth caching. A long plain pipeline is reached once. */
  private mayRevisit(): boolean {
    return this.frames.length > 0;
  }

  private missingInput(at: { span: Span }): void {
    if (this.reported.has('missing-input')) return;
    this.reported.add('missing-input');
    this.diagnostics.push(error('input-placement', 'the network must start with INPUT', 'begin the network with INPUT [WxHxD], e.g. INPUT [224x224x3]', at.span));
  }

  private call(el: A.LayerElement): LayerCall | null {
    const cached = this.calls.get(el, this.scope.key);
    if (cached !== undefined) return cached;
    const result = layerCall(el, this.lookup, this.lets.keys());
    const call = Array.isArray(result) ? null : result;
    if (Array.isArray(result)) for (const d of result) this.report(d);
    if (this.mayRevisit()) this.calls.set(el, this.scope.key, call);
    return call;
  }
}

export function expand(file: A.NetworkFile, source: string, options: ExpandOptions = {}): ExpandResult {
  try {
    return new Expansion(file, source, options).run();
  } catch (e) {
    if (e instanceof RangeError) {
      const d = error('binding', 'bindings nest too deeply to expand', 'flatten the chain of let bindings', file.span);
      return { network: null, diagnostics: [d] };
    }
    throw e;
  }
}
