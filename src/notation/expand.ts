// Expansion: bindings, repeats and optional elements are unrolled in one pass into a graph of layer
// nodes (notation/network.ts), each with its span and repetition path. A counting pass runs first,
// so that `[CONV]*1000000000` is refused at once instead of being unrolled.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import type { Span } from '../diagnostics/span.js';
import { isLayerName } from '../layers/names.js';
import { grouped } from '../util/grouped.js';
import type * as A from './ast.js';
import { evaluate } from './evaluate.js';
import { layerCall, unknownNameError, type LayerCall } from './layer-args.js';
import type { Network, NetworkNode, PathFrame } from './network.js';

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
  | { kind: 'binding'; name: string; span: Span };

class Expansion {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lets = new Map<string, A.LetStatement>();
  private readonly integers = new Map<string, number | Diagnostic>();
  private readonly evaluating = new Set<string>();
  private readonly calls = new WeakMap<A.LayerElement, LayerCall | null>();
  private readonly counts = new WeakMap<A.Element | A.Pipeline, bigint>();
  private readonly repeatCounts = new WeakMap<A.RepeatElement, number | null>();
  private readonly reported = new WeakSet<object>();
  private readonly nodes: NetworkNode[] = [];
  private readonly frames: ActiveFrame[] = [];
  private readonly expandingRefs = new Set<string>();

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
    return this.result({ nodes: this.nodes, output: this.nodes.length - 1, ast: this.file, integers });
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
      } else if (stmt.params) {
        this.diagnostics.push(error('unsupported', `parameterised blocks (let ${stmt.name}(...)) are notation version 2, not supported yet`, 'write the block out with fixed values', stmt.nameSpan));
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
    if (this.evaluating.has(name)) {
      return error('binding', `'${name}' is defined in terms of itself`, 'break the cycle between the let bindings', stmt.nameSpan);
    }
    this.evaluating.add(name);
    const result = evaluate(stmt.value, this.lookup);
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

  /** The element a pipeline-like expression stands for: a reference, maybe repeated. */
  private exprAsElement(expr: A.Expr): A.Element {
    if (expr.kind === 'binary') return { kind: 'repeat', body: this.exprAsElement(expr.left), count: expr.right, span: expr.span };
    return { kind: 'ref', name: (expr as A.NameExpr).name, args: null, span: expr.span };
  }

  /** The pipeline a reference expands to, or null after reporting why there is none. */
  private resolveRef(ref: A.RefElement): { name: string; body: A.Pipeline | A.Element } | null {
    const report = (d: Diagnostic): null => {
      if (!this.reported.has(ref)) this.diagnostics.push(d);
      this.reported.add(ref);
      return null;
    };
    if (ref.args) return report(error('unsupported', `'${ref.name}(...)' calls a parameterised block: notation version 2, not supported yet`, 'write the block out with fixed values', ref.span));
    const stmt = this.lets.get(ref.name);
    if (!stmt) return report(unknownNameError(ref.name, ref.span, this.lets.keys()));
    if (stmt.value.kind === 'pipeline') return { name: ref.name, body: stmt.value };
    if (this.pipelineLike(stmt.value)) return { name: ref.name, body: this.exprAsElement(stmt.value) };
    return report(error('not-an-integer', `'${ref.name}' is an integer, not a pipeline`, `use it as a count (E*${ref.name}) or an argument`, ref.span));
  }

  // ---- counting ----------------------------------------------------------------------------

  private countPipeline(p: A.Pipeline): bigint {
    let total = this.counts.get(p);
    if (total !== undefined) return total;
    total = 0n;
    for (const el of p.elements) total += this.countElement(el);
    this.counts.set(p, total);
    return total;
  }

  private countElement(el: A.Element): bigint {
    const cached = this.counts.get(el);
    if (cached !== undefined) return cached;
    let n = 0n;
    switch (el.kind) {
      case 'layer':
        n = 1n;
        break;
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
        this.unsupportedBranch(el);
        break;
    }
    this.counts.set(el, n);
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
    const n = target.body.kind === 'pipeline' ? this.countPipeline(target.body) : this.countElement(target.body);
    this.expandingRefs.delete(ref.name);
    return n;
  }

  private unsupportedBranch(el: A.BranchElement): void {
    this.diagnostics.push(error('unsupported', 'branches { A | B } and { A + B } are notation version 2, not supported yet', 'write a sequential network', el.span));
  }

  private repeatCount(el: A.RepeatElement): number | null {
    if (this.repeatCounts.has(el)) return this.repeatCounts.get(el)!;
    const result = evaluate(el.count, this.lookup);
    let count: number | null = null;
    if (!result.ok) this.diagnostics.push(result.error);
    else if (result.value < 0) {
      this.diagnostics.push(error('out-of-range', `a repeat count must be 0 or more, got ${result.value}`, 'use a count of 0 or more', el.count.span));
    } else count = result.value;
    this.repeatCounts.set(el, count);
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
        this.frames.push({ kind: 'binding', name: target.name, span: el.span });
        if (target.body.kind === 'pipeline') this.expandPipeline(target.body);
        else this.expandElement(target.body);
        this.frames.pop();
        return;
      }
      case 'branch':
        return; // reported while counting
    }
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

  private path(): PathFrame[] {
    const id = this.nodes.length;
    return this.frames.map((f) =>
      f.kind === 'binding'
        ? { kind: 'binding', name: f.name, span: f.span }
        : { kind: 'repeat', iteration: f.iteration, count: f.count, position: id - f.start + 1, length: f.length, span: f.span },
    );
  }

  private addLayer(el: A.LayerElement): void {
    const call = this.call(el);
    if (!call) return;
    const id = this.nodes.length;
    if (call.kind === 'input' && id > 0) {
      if (!this.reported.has(el)) {
        this.diagnostics.push(error('input-placement', 'INPUT can only come first, once', 'remove this INPUT; the network has one input, at its start', el.span));
        this.reported.add(el);
      }
      return;
    }
    if (id === 0 && call.kind !== 'input') {
      this.missingInput(el);
      return;
    }
    const text = this.source.slice(el.span.start.offset, el.span.end.offset).replace(/#[^\n]*/g, '').replace(/\s+/g, ' ');
    this.nodes.push({ id, kind: call.kind, given: call.given, text, span: el.span, path: this.path(), inputs: id === 0 ? [] : [id - 1] });
  }

  private missingInput(at: { span: Span }): void {
    if (this.reported.has(this.file)) return;
    this.reported.add(this.file);
    this.diagnostics.push(error('input-placement', 'the network must start with INPUT', 'begin the network with INPUT [WxHxD], e.g. INPUT [224x224x3]', at.span));
  }

  private call(el: A.LayerElement): LayerCall | null {
    const cached = this.calls.get(el);
    if (cached !== undefined) return cached;
    const result = layerCall(el, this.lookup, this.lets.keys());
    const call = Array.isArray(result) ? null : result;
    if (Array.isArray(result)) this.diagnostics.push(...result);
    this.calls.set(el, call);
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
