// Expansion: bindings, repeats, optional elements and branches are unrolled in one pass into a graph
// of layer nodes (notation/network.ts), each with its span and repetition path; `{ A | B }` and
// `{ A + B }` become their branches' nodes plus a merge node fed by each branch's last node. A
// counting pass runs first, arithmetically (a repeat multiplies its body's count), and stops at the
// first element that takes the network past --max-layers, so that `[CONV]*1000000000` is refused at
// once instead of being unrolled. The counting pass also measures how deep the expansion nests
// (limits.ts) and stops at the first element too deep, so the unrolling that follows never recurses
// past the limits.
//
// Parameterised blocks (`let name(a, b) = ...`) evaluate their arguments where they are used and run
// their body in a scope holding the parameters; everything cached per AST node is cached per scope.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import { spanText } from '../diagnostics/line-index.js';
import type { Span } from '../diagnostics/span.js';
import { lookupLayerName } from '../layers/names.js';
import { grouped } from '../util/grouped.js';
import type * as A from './ast.js';
import { Bindings } from './bindings.js';
import { evaluate } from './evaluate.js';
import { layerCall, unknownNameError, type LayerCall } from './layer-args.js';
import { MAX_BINDING_DEPTH, MAX_EXPANSION_DEPTH, MAX_PATH_FRAMES } from './limits.js';
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

/** Errors expansion collects before it stops: far more than anyone reads (the CLI shows 20). */
const MAX_EXPANSION_ERRORS = 1000;

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

/** What the counting pass knows of an element or pipeline in a scope: its layers, the frames their
 *  paths get inside it (limits.ts MAX_PATH_FRAMES), how many elements deep its expansion nests
 *  (itself included), and how many binding uses deep. */
interface Tally {
  readonly layers: bigint;
  readonly frames: bigint;
  readonly height: number;
  readonly bindings: number;
}

const LAYER_TALLY: Tally = { layers: 1n, frames: 0n, height: 1, bindings: 0 };
const EMPTY_TALLY: Tally = { layers: 0n, frames: 0n, height: 1, bindings: 0 };

/** The frames of a body's layers once each is inside one more frame (a repeat's iteration, a
 *  branch, a binding use), as expansion pushes them. */
const framed = (t: Tally): bigint => t.frames + t.layers;

/** Thrown to stop the counting pass at the first element past a limit (its error is reported). */
class Stop {}

class Expansion {
  readonly diagnostics: Diagnostic[] = [];
  private readonly bindings: Bindings;
  private readonly calls = new ScopedCache<A.LayerElement, LayerCall | null>();
  private readonly tallies = new ScopedCache<A.Element | A.Pipeline, Tally>();
  private readonly repeatCounts = new ScopedCache<A.RepeatElement, number | null>();
  private readonly callScopes = new ScopedCache<A.RefElement, Scope | null>();
  private readonly reported = new Set<string>();
  private readonly texts = new Map<A.LayerElement, string>();
  private readonly nodes: NetworkNode[] = [];
  private readonly frames: ActiveFrame[] = [];
  private readonly expandingRefs = new Set<string>();
  private readonly maxLayers: bigint;
  private scope: Scope = GLOBAL;
  /** The node whose output feeds the next layer; -1 before INPUT. */
  private tail = -1;
  /** While counting: elements and binding uses being counted inside each other. */
  private depth = 0;
  private bindingDepth = 0;

  constructor(
    private readonly file: A.NetworkFile,
    private readonly source: string,
    private readonly options: ExpandOptions,
  ) {
    this.bindings = new Bindings(file.lets, options.set);
    this.diagnostics.push(...this.bindings.diagnostics);
    this.maxLayers = BigInt(options.maxLayers ?? DEFAULT_MAX_LAYERS);
  }

  run(): ExpandResult {
    const network = this.file.network;
    if (!network || this.diagnostics.length > 0) return this.result(null);
    try {
      this.countPipeline(network);
    } catch (e) {
      if (e instanceof Stop) return this.result(null);
      throw e;
    }
    if (this.diagnostics.length > 0) return this.result(null);
    try {
      this.expandPipeline(network);
    } catch (e) {
      if (e instanceof Stop) return this.result(null);
      throw e;
    }
    if (this.nodes.length === 0 || this.nodes[0]!.kind !== 'input') this.missingInput(network);
    if (this.diagnostics.length > 0) return this.result(null);
    return this.result({ nodes: this.nodes, output: this.tail, ast: this.file, integers: this.bindings.values() });
  }

  private result(network: Network | null): ExpandResult {
    return { network, diagnostics: this.diagnostics };
  }

  // ---- bindings ----------------------------------------------------------------------------

  /** The integer value of a name: a parameter of the block being expanded, then --set, then a let. */
  private lookup = (name: string, span: Span): number | Diagnostic => {
    const param = this.scope.values.get(name);
    return param !== undefined ? param : this.bindings.integer(name, span);
  };

  /** Reports a diagnostic once per position and message (a block used twice would repeat it). */
  private report(d: Diagnostic): null {
    const key = `${d.span.start.offset}:${d.message}`;
    if (!this.reported.has(key)) this.diagnostics.push(d);
    this.reported.add(key);
    if (this.diagnostics.length >= MAX_EXPANSION_ERRORS) {
      // a file of millions of unknown names would otherwise hold millions of diagnostics
      this.stop(error('too-many-errors', `expansion stopped after ${grouped(MAX_EXPANSION_ERRORS)} errors`, 'fix the errors shown first', d.span));
    }
    return null;
  }

  /** The pipeline a reference expands to and the scope to expand it in, or null after reporting why. */
  private resolveRef(ref: A.RefElement): { name: string; body: A.Pipeline | A.Element; scope: Scope; args: number[] | null } | null {
    const target = this.bindings.pipelineTarget(ref.name);
    if (target.kind === 'unbound') return this.report(unknownNameError(ref.name, ref.span, this.bindings.names()));
    if (target.kind === 'cycle') {
      return this.report(error('binding', `'${ref.name}' is defined in terms of itself`, 'break the cycle between the let bindings', ref.span));
    }
    if (target.kind === 'integer') {
      return this.report(error('not-an-integer', `'${ref.name}' is an integer, not a pipeline`, `use it as a count (E*${ref.name}) or an argument`, ref.span));
    }
    if (target.stmt.params || ref.args) {
      const scope = this.blockScope(ref, target.stmt);
      if (!scope) return null;
      return { name: ref.name, body: target.body, scope, args: [...scope.values.values()] };
    }
    return { name: ref.name, body: target.body, scope: this.scope, args: null };
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

  /** A cached tally, unless the element now sits so deep that its own depth would pass a limit:
   *  then it is counted again, so that the walk reaches the element too deep and reports it. */
  private cached(node: A.Element | A.Pipeline): Tally | undefined {
    const tally = this.tallies.get(node, this.scope.key);
    if (!tally) return undefined;
    const fits = this.depth + tally.height <= MAX_EXPANSION_DEPTH && this.bindingDepth + tally.bindings <= MAX_BINDING_DEPTH;
    return fits ? tally : undefined;
  }

  private countPipeline(p: A.Pipeline): Tally {
    const cached = this.cached(p);
    if (cached) return cached;
    let layers = 0n;
    let frames = 0n;
    let height = 0;
    let bindings = 0;
    for (const el of p.elements) {
      const t = this.countElement(el);
      layers += t.layers;
      frames += t.frames;
      if (layers > this.maxLayers) this.tooManyLayers(el, layers, p === this.file.network ? 'network' : 'part');
      if (frames > MAX_PATH_FRAMES) this.pathsTooLong(el, frames);
      if (t.height > height) height = t.height;
      if (t.bindings > bindings) bindings = t.bindings;
    }
    const tally = { layers, frames, height, bindings };
    this.tallies.set(p, this.scope.key, tally);
    return tally;
  }

  private countElement(el: A.Element): Tally {
    if (el.kind === 'layer') return LAYER_TALLY; // not cached: a long pipeline is mostly layers
    if (el.kind === 'identity') return EMPTY_TALLY;
    const cached = this.cached(el);
    if (cached) return cached;
    if (++this.depth > MAX_EXPANSION_DEPTH) {
      this.stop(error('expansion-too-deep', `the expansion nests more than ${MAX_EXPANSION_DEPTH} elements deep here (through the bindings used)`, 'flatten the bindings: fewer levels of groups, repeats and uses inside each other', el.kind === 'repeat' ? el.count.span : el.span));
    }
    let inner: Tally = EMPTY_TALLY;
    let layers = 0n;
    let frames = 0n;
    switch (el.kind) {
      case 'group':
        inner = this.countPipeline(el.body);
        [layers, frames] = [inner.layers, inner.frames];
        break;
      case 'optional':
        if (!this.options.withoutOptional) inner = this.countElement(el.body);
        [layers, frames] = [inner.layers, inner.frames];
        break;
      case 'repeat': {
        const count = BigInt(this.repeatCount(el) ?? 0);
        if (count > 0n) inner = this.countElement(el.body); // `E*0` leaves E out, as expansion does
        [layers, frames] = [count * inner.layers, count * framed(inner)];
        if (layers > this.maxLayers) this.tooManyLayers(el, layers, 'part');
        break;
      }
      case 'ref':
        inner = this.countRef(el);
        [layers, frames] = [inner.layers, framed(inner)];
        break;
      case 'branch':
        inner = this.countBranches(el); // its frames are the branches' (the merge node has none of its own)
        [layers, frames] = [inner.layers, inner.frames];
        break;
    }
    if (frames > MAX_PATH_FRAMES) this.pathsTooLong(el, frames);
    this.depth--;
    const tally = { layers, frames, height: inner.height + 1, bindings: inner.bindings + (el.kind === 'ref' ? 1 : 0) };
    this.tallies.set(el, this.scope.key, tally);
    return tally;
  }

  /** Every branch's layers, plus the merge when there are two branches or more. */
  private countBranches(el: A.BranchElement): Tally {
    const mixed = el.separators.find((s) => s.text !== el.separators[0]!.text);
    if (mixed) {
      this.report(error('syntax', `one brace uses one kind of separator: '|' (concatenate) or '+' (add), not both`, 'split the brace in two, or use one separator', mixed.span));
    }
    let layers = el.branches.length > 1 ? 1n : 0n;
    let frames = 0n;
    let height = 0;
    let bindings = 0;
    for (const branch of el.branches) {
      const t = this.countPipeline(branch);
      layers += t.layers;
      frames += framed(t);
      if (layers > this.maxLayers) this.tooManyLayers(el, layers, 'part');
      height = Math.max(height, t.height);
      bindings = Math.max(bindings, t.bindings);
    }
    return { layers, frames, height, bindings };
  }

  private countRef(ref: A.RefElement): Tally {
    if (this.expandingRefs.has(ref.name)) {
      this.report(error('binding', `'${ref.name}' refers to itself`, 'a binding cannot contain itself', ref.span));
      return EMPTY_TALLY;
    }
    if (++this.bindingDepth > MAX_BINDING_DEPTH) {
      this.stop(error('bindings-too-deep', `bindings are used inside each other more than ${MAX_BINDING_DEPTH} deep here`, 'flatten the chain of let bindings: use the inner ones directly', ref.span));
    }
    const target = this.resolveRef(ref);
    let tally = EMPTY_TALLY;
    if (target) {
      this.expandingRefs.add(ref.name);
      tally = this.within(target, ref.span, () => (target.body.kind === 'pipeline' ? this.countPipeline(target.body) : this.countElement(target.body)));
      this.expandingRefs.delete(ref.name);
    }
    this.bindingDepth--;
    return tally;
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

  /** Stops counting at the first element that takes the network, or a part of it, past the limit. */
  private tooManyLayers(at: A.Element, layers: bigint, what: 'network' | 'part'): never {
    const max = grouped(this.maxLayers);
    const message =
      what === 'network'
        ? `the network reaches ${grouped(layers)} layers (INPUT included) with this element, more than the limit of ${max}`
        : `this expands to ${grouped(layers)} layers, more than the limit of ${max} for the whole network (INPUT included)`;
    return this.stop(error('too-many-layers', message, 'check the repeat counts, or raise the limit with --max-layers N', at.span));
  }

  /** Stops counting where the layers' repetition paths would hold more frames than the heap can. */
  private pathsTooLong(at: A.Element, frames: bigint): never {
    const message = `the layers' repetition paths reach ${grouped(frames)} frames here (a layer's frames are the repeats, branches and binding uses around it), more than the limit of ${grouped(MAX_PATH_FRAMES)}`;
    return this.stop(error('paths-too-long', message, 'nest fewer repeats around many layers: fold repeats of one count into one (E*2*3 is E*6)', at.span));
  }

  private stop(d: Diagnostic): never {
    this.diagnostics.push(d);
    throw new Stop();
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
    const length = count > 0 ? Number(this.countElement(el.body).layers) : 0;
    // A body without layers (`ID*1000000000000`) adds nothing however often it is repeated: the
    // count is bounded by --max-layers only through the layers it makes.
    if (length === 0) return;
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
    const result = layerCall(el, this.lookup, this.bindings.names());
    const call = Array.isArray(result) ? null : result;
    if (Array.isArray(result)) for (const d of result) this.report(d);
    if (this.mayRevisit()) this.calls.set(el, this.scope.key, call);
    return call;
  }
}

export function expand(file: A.NetworkFile, source: string, options: ExpandOptions = {}): ExpandResult {
  return new Expansion(file, source, options).run();
}
