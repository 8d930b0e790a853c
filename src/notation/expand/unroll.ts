// The unrolling pass, after counting has checked the limits: bindings, repeats, optional elements
// and branches become a graph of layer nodes (notation/network.ts), each with its span and
// repetition path; `{ A | B }` and `{ A + B }` become their branches' nodes plus a merge node fed by
// each branch's last node.

import { error } from '../../diagnostics/errors.js';
import { spanText } from '../../diagnostics/line-index.js';
import type { Span } from '../../diagnostics/span.js';
import { lookupLayerName } from '../../layers/names.js';
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

  unroll(network: A.Pipeline): void {
    this.expandPipeline(network);
    if (this.nodes[0]?.kind !== 'input') this.missingInput(network);
  }

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
      case 'identity':
        return;
    }
  }

  /** A binding's body, in its scope and inside its frame. */
  private expandTarget(target: Target, span: Span): void {
    const outer = this.scope;
    this.scope = target.scope;
    this.frames.push({ kind: 'binding', name: target.name, args: target.args, span });
    const body = target.body;
    if (body.kind === 'pipeline') this.expandPipeline(body);
    else this.expandElement(body);
    this.frames.pop();
    this.scope = outer;
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
