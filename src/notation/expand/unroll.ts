// The unrolling pass, after counting has checked the limits: bindings, repeats, optional elements
// and branches become a graph of layer nodes (notation/network.ts), each with its span and
// repetition path; a brace becomes its branches' nodes plus a merge node fed by each branch's last
// node (a split also puts a slice of the input's depth before each branch). A label `name:` records
// the node that gives its element's output; `@name` continues from the latest such node, and
// UNPOOL(@name) takes the max pool's arguments and its input as a second input. The uses of
// a `let shared` binding after the first point each of their nodes at the first use's.

import { error } from '../../diagnostics/errors.js';
import { spanText } from '../../diagnostics/line-index.js';
import type { Span } from '../../diagnostics/span.js';
import { lookupLayerName } from '../../layers/names.js';
import type { GivenArgs, LayerKind } from '../../layers/types.js';
import type * as A from '../ast.js';
import type { LayerCall } from '../layer-args.js';
import type { NetworkNode, PathFrame } from '../network.js';
import type { Counter } from './count.js';
import type { Reporter } from './reporter.js';
import type { Resolver, Target } from './resolve.js';
import { ScopedCache, type Scope } from './scope.js';

/** A frame while its body is unrolled: a repeat's frame gets each layer's position when the layer is made. */
type ActiveFrame =
  | { kind: 'repeat'; iteration: number; count: number; length: number; start: number; span: Span }
  | Exclude<PathFrame, { kind: 'repeat' }>;

const NO_FRAMES: readonly PathFrame[] = [];

export class Unroller {
  readonly nodes: NetworkNode[] = [];
  /** The node whose output feeds the next layer; -1 before INPUT. */
  tail = -1;
  private readonly frames: ActiveFrame[] = [];
  private readonly calls = new ScopedCache<A.LayerElement, LayerCall | null>();
  private readonly texts = new Map<A.LayerElement, string>();
  /** The node each label names, the latest one so named. */
  private readonly labels = new Map<string, number>();
  /** The nodes the first use of each `let shared` binding made, in order. */
  private readonly firstUses = new Map<A.LetStatement, { readonly ids: readonly number[]; readonly span: Span }>();
  readonly sideOutputs: number[] = [];
  private scope: Scope;
  /** Whether the network's start is settled: an INPUT came first (one with bad arguments too), or
   *  its absence is reported. Either way, nothing more is said about it. */
  private startSettled = false;

  constructor(
    private readonly source: string,
    private readonly resolver: Resolver,
    private readonly counter: Counter,
    private readonly reporter: Reporter,
    private readonly withoutOptional: boolean,
  ) {
    this.scope = resolver.global;
  }

  unroll(network: A.Pipeline, sides: readonly A.Pipeline[]): void {
    this.expandPipeline(network);
    if (this.nodes[0]?.kind !== 'input') return this.missingInput(network);
    const output = this.tail;
    sides.forEach((side, i) => {
      this.frames.push({ kind: 'side', index: i + 1, count: sides.length, span: side.span });
      this.expandPipeline(side); // it starts with @name, which sets the tail
      this.frames.pop();
      this.sideOutputs.push(this.tail);
    });
    this.tail = output;
  }

  private expandPipeline(p: A.Pipeline): void {
    for (let i = 0; i < p.elements.length; i++) this.expandElement(p.elements[i]!);
  }

  private expandElement(el: A.Element): void {
    switch (el.kind) {
      case 'layer':
        return this.addLayer(el);
      case 'group':
        return this.expandPipeline(el.body);
      case 'optional':
        if (!this.withoutOptional) this.expandElement(el.body);
        return;
      case 'repeat':
        return this.expandRepeat(el);
      case 'ref': {
        const target = this.resolver.target(el, this.scope);
        if (target) this.expandTarget(target, el.span);
        return;
      }
      case 'branch':
        return this.expandBranches(el);
      case 'label':
        this.expandElement(el.body);
        if (this.tail >= 0) this.labels.set(el.name, this.tail);
        return;
      case 'tensor':
        return this.continueFrom(el);
      case 'identity':
        return;
    }
  }

  private continueFrom(el: A.TensorElement): void {
    const id = this.labelled(el);
    if (id !== undefined) this.tail = id;
  }

  /** The node a reference names, or undefined after reporting that none is labelled so. */
  private labelled(el: A.TensorElement): number | undefined {
    const id = this.labels.get(el.name);
    if (id !== undefined) return id;
    const known = [...this.labels.keys()];
    const also = known.length > 0 ? ` (labelled so far: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''})` : '';
    this.reporter.report(error('unknown-tensor', `no tensor is labelled '${el.name}' before this point${also}`, el.span));
    return undefined;
  }

  /** UNPOOL(@p): the max pool labelled p, whose arguments become its own and whose input its
   *  second input; null after reporting why p cannot be unpooled. */
  private unpooled(el: A.LayerElement, ref: A.TensorElement): NetworkNode | null {
    const id = this.labelled(ref);
    if (id === undefined) return null;
    const node = this.nodes[id]!;
    const g = node.given;
    if (node.kind === 'pool' && (g['mode'] ?? 'max') === 'max' && !['out', 'outh', 'outw'].some((k) => k in g)) return node;
    const what = node.kind !== 'pool' ? `${node.text}, not a max POOL` : `${node.text}, ${g['mode'] === undefined || g['mode'] === 'max' ? 'an adaptive' : `a mode=${g['mode']}`} pool`;
    const text = this.textOf(el);
    this.reporter.report(error('unpool-needs-max-pool', `${text}: '${ref.name}' labels ${what}: unpooling puts values back where a max pool took them`, ref.span));
    return null;
  }

  /** A binding's body, in its scope and inside its frame. */
  private expandTarget(target: Target, span: Span): void {
    const outer = this.scope;
    this.scope = target.scope;
    this.frames.push({ kind: 'binding', name: target.name, args: target.args, span });
    const start = this.nodes.length;
    const body = target.body;
    if (body.kind === 'pipeline') this.expandPipeline(body);
    else this.expandElement(body);
    this.frames.pop();
    this.scope = outer;
    if (target.shared) this.share(target.shared, start, span);
  }

  /** The first use of a shared binding owns the weights; a later use's k-th node shares the first
   *  use's k-th node's (the analysis checks that their weights fit). */
  private share(stmt: A.LetStatement, start: number, span: Span): void {
    const first = this.firstUses.get(stmt);
    const ids = this.nodes.slice(start).map((n) => n.id);
    if (!first) {
      this.firstUses.set(stmt, { ids, span });
      return;
    }
    const sameLayers = ids.length === first.ids.length && ids.every((id, k) => this.nodes[id]!.kind === this.nodes[first.ids[k]!]!.kind);
    if (!sameLayers) {
      const at = `${first.span.start.line}:${first.span.start.column}`;
      this.reporter.report(error('shared-mismatch', `this use of shared ${stmt.name} makes other layers than its first use (at ${at}), so it cannot take its weights`, span));
      return;
    }
    ids.forEach((id, k) => {
      const owner = this.nodes[first.ids[k]!]!;
      this.nodes[id] = { ...this.nodes[id]!, shares: owner.shares ?? owner.id };
    });
  }

  /** Each branch starts from the brace's input (a split's from its slice of it); a merge node takes
   *  every branch's last node. */
  private expandBranches(el: A.BranchElement): void {
    const entry = this.tail;
    if (entry < 0) return this.missingInput(el);
    const ends: number[] = [];
    const count = el.branches.length;
    el.branches.forEach((branch, i) => {
      this.tail = entry;
      this.frames.push({ kind: 'branch', index: i + 1, count, merge: el.merge, span: el.span });
      if (el.merge === 'split' && count > 1) this.addNode('slice', { part: i + 1, parts: count }, `slice ${i + 1} of ${count}`, branch.span, [entry]);
      this.expandPipeline(branch);
      this.frames.pop();
      ends.push(this.tail);
    });
    if (count < 2) return;
    const kind = el.merge === 'split' ? 'concat' : el.merge;
    this.addNode(kind, {}, `${kind} of ${count} branches`, el.span, ends, el.branches.map((b) => b.span));
  }

  /** A node expansion makes (a merge, a slice), never written as a layer. */
  private addNode(kind: LayerKind, given: GivenArgs, text: string, span: Span, inputs: number[], branchSpans?: Span[]): void {
    const id = this.nodes.length;
    this.nodes.push({ id, kind, given, text, span, path: this.path(), inputs, ...(branchSpans ? { branchSpans } : {}) });
    this.tail = id;
  }

  private expandRepeat(el: A.RepeatElement): void {
    const count = this.resolver.repeatCount(el, this.scope) ?? 0;
    const length = count > 0 ? this.counter.layersOf(el.body, this.scope) : 0;
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
      if (id === 0 && lookupLayerName(el.name)?.kind === 'input') this.startSettled = true;
      return;
    }
    if (call.kind === 'input' && id > 0) {
      this.reporter.report(error('input-placement', 'INPUT can only come first, once', 'remove this INPUT; the network has one input, at its start', el.span));
      return;
    }
    if (id === 0 && call.kind !== 'input') {
      this.missingInput(el);
      return;
    }
    const text = this.textOf(el);
    const inputs = id === 0 ? [] : [this.tail];
    if (call.tensor) {
      const pool = this.unpooled(el, call.tensor);
      if (!pool) return;
      this.nodes.push({ id, kind: call.kind, given: pool.given, text, span: el.span, path: this.path(), inputs: [...inputs, pool.inputs[0]!], unpools: pool.id });
    } else this.nodes.push({ id, kind: call.kind, given: call.given, text, span: el.span, path: this.path(), inputs });
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

  /** Whether the element being unrolled can be reached again (inside a repeat, a binding's body or a
   *  branch): only then are its results worth caching. A long plain pipeline is reached once. */
  private mayRevisit(): boolean {
    return this.frames.length > 0;
  }

  private missingInput(at: { span: Span }): void {
    if (this.startSettled) return;
    this.startSettled = true;
    this.reporter.report(error('input-placement', 'the network must start with INPUT', 'begin the network with INPUT [WxHxD], e.g. INPUT [224x224x3]', at.span));
  }

  private call(el: A.LayerElement): LayerCall | null {
    const cached = this.calls.get(el, this.scope);
    if (cached !== undefined) return cached;
    const call = this.resolver.layer(el, this.scope);
    if (this.mayRevisit()) this.calls.set(el, this.scope, call);
    return call;
  }
}
