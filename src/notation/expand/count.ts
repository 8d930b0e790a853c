// The counting pass: how many layers the network expands to, counted arithmetically (a repeat
// multiplies its body's count), stopping at the first element that takes the network past
// --max-layers, so that `[CONV]*1000000000` is refused at once instead of being unrolled. It also
// measures how deep the expansion nests (limits.ts) and stops at the first element too deep, and
// how many frames the layers' repetition paths will hold, so that the unrolling that follows never
// recurses past the limits nor runs the heap out.

import { error } from '../../diagnostics/errors.js';
import { grouped } from '../../util/grouped.js';
import type * as A from '../ast.js';
import { MAX_BINDING_DEPTH, MAX_EXPANSION_DEPTH, MAX_PATH_FRAMES } from '../limits.js';
import type { Reporter } from './reporter.js';
import type { Resolver, Target } from './resolve.js';
import { ScopedCache, type Scope } from './scope.js';

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
 *  branch, a binding use), as unrolling pushes them. */
const framed = (t: Tally): bigint => t.frames + t.layers;

/** A tally being summed over the parts of a pipeline or a brace: layers and frames add up, the
 *  parts' heights and binding depths are the largest. */
class Sum implements Tally {
  frames = 0n;
  height = 0;
  bindings = 0;
  constructor(public layers = 0n) {}

  /** Adds a part, whose layers get `frames` frames inside the sum. */
  add(t: Tally, frames: bigint): void {
    this.layers += t.layers;
    this.frames += frames;
    if (t.height > this.height) this.height = t.height;
    if (t.bindings > this.bindings) this.bindings = t.bindings;
  }
}

export interface CountOptions {
  readonly maxLayers: bigint;
  readonly withoutOptional: boolean;
}

export class Counter {
  private readonly tallies = new ScopedCache<A.Element | A.Pipeline, Tally>();
  /** The bindings being counted inside each other (a binding that contains itself is an error). */
  private readonly expandingRefs = new Set<string>();
  private scope: Scope;
  /** Elements and binding uses being counted inside each other. */
  private depth = 0;
  private bindingDepth = 0;

  constructor(
    private readonly network: A.Pipeline,
    private readonly sides: readonly A.Pipeline[],
    private readonly resolver: Resolver,
    private readonly reporter: Reporter,
    private readonly options: CountOptions,
  ) {
    this.scope = resolver.global;
  }

  /** Counts the network and its side outputs; throws Stop at the first element past a limit. */
  count(): void {
    let layers = this.countPipeline(this.network).layers;
    for (const side of this.sides) {
      layers += this.countPipeline(side).layers;
      if (layers > this.options.maxLayers) this.tooManyLayers(side.elements[0]!, layers, 'network');
    }
  }

  /** The layers one repetition of a repeat's body makes in a scope (counted already, so cached). */
  layersOf(el: A.Element, scope: Scope): number {
    this.scope = scope;
    return Number(this.countElement(el).layers);
  }

  /** A cached tally, unless the element now sits so deep that its own depth would pass a limit:
   *  then it is counted again, so that the walk reaches the element too deep and reports it. */
  private cached(node: A.Element | A.Pipeline): Tally | undefined {
    const tally = this.tallies.get(node, this.scope);
    if (!tally) return undefined;
    const fits = this.depth + tally.height <= MAX_EXPANSION_DEPTH && this.bindingDepth + tally.bindings <= MAX_BINDING_DEPTH;
    return fits ? tally : undefined;
  }

  private countPipeline(p: A.Pipeline): Tally {
    const cached = this.cached(p);
    if (cached) return cached;
    const sum = new Sum();
    for (let i = 0; i < p.elements.length; i++) {
      const el = p.elements[i]!;
      const t = this.countElement(el);
      sum.add(t, t.frames);
      if (sum.layers > this.options.maxLayers) this.tooManyLayers(el, sum.layers, p === this.network ? 'network' : 'part');
      if (sum.frames > MAX_PATH_FRAMES) this.pathsTooLong(el, sum.frames);
    }
    this.tallies.set(p, this.scope, sum);
    return sum;
  }

  private countElement(el: A.Element): Tally {
    if (el.kind === 'layer') return LAYER_TALLY; // not cached: a long pipeline is mostly layers
    if (el.kind === 'identity' || el.kind === 'tensor') return EMPTY_TALLY;
    const cached = this.cached(el);
    if (cached) return cached;
    if (++this.depth > MAX_EXPANSION_DEPTH) {
      this.reporter.stop(error('expansion-too-deep', `the expansion nests more than ${MAX_EXPANSION_DEPTH} elements deep here (through the bindings used)`, el.kind === 'repeat' ? el.count.span : el.span));
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
      case 'label':
        inner = this.countElement(el.body);
        [layers, frames] = [inner.layers, inner.frames];
        break;
      case 'repeat': {
        const count = BigInt(this.resolver.repeatCount(el, this.scope) ?? 0);
        if (count > 0n) inner = this.countElement(el.body); // `E*0` leaves E out, as unrolling does
        [layers, frames] = [count * inner.layers, count * framed(inner)];
        if (layers > this.options.maxLayers) this.tooManyLayers(el, layers, 'part');
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
    this.tallies.set(el, this.scope, tally);
    return tally;
  }

  /** Every branch's layers, plus the merge when there are two branches or more (and for a split,
   *  the slice that feeds each branch). */
  private countBranches(el: A.BranchElement): Tally {
    const mixed = el.separators.find((s) => s.text !== el.separators[0]!.text);
    if (mixed) {
      const kinds = `'|' (concatenate), '+' (add), '&' (multiply) or '/' (split)`;
      this.reporter.report(error('syntax', `one brace uses one kind of separator: ${kinds}, not two of them`, 'split the brace in two, or use one separator', mixed.span));
    }
    const n = BigInt(el.branches.length);
    const sum = new Sum(n < 2n ? 0n : el.merge === 'split' ? n + 1n : 1n);
    for (let i = 0; i < el.branches.length; i++) {
      const t = this.countPipeline(el.branches[i]!);
      sum.add(t, framed(t));
      if (sum.layers > this.options.maxLayers) this.tooManyLayers(el, sum.layers, 'part');
    }
    return sum;
  }

  private countRef(ref: A.RefElement): Tally {
    if (this.expandingRefs.has(ref.name)) {
      this.reporter.report(error('binding', `'${ref.name}' refers to itself`, 'a binding cannot contain itself', ref.span));
      return EMPTY_TALLY;
    }
    if (++this.bindingDepth > MAX_BINDING_DEPTH) {
      this.reporter.stop(error('bindings-too-deep', `bindings are used inside each other more than ${MAX_BINDING_DEPTH} deep here`, ref.span));
    }
    const target = this.resolver.target(ref, this.scope);
    const tally = target ? this.countTarget(target) : EMPTY_TALLY;
    this.bindingDepth--;
    return tally;
  }

  private countTarget(target: Target): Tally {
    const outer = this.scope;
    this.scope = target.scope;
    this.expandingRefs.add(target.name);
    const body = target.body;
    const tally = body.kind === 'pipeline' ? this.countPipeline(body) : this.countElement(body);
    this.expandingRefs.delete(target.name);
    this.scope = outer;
    return tally;
  }

  /** Stops at the first element that takes the network, or a part of it, past the limit. */
  private tooManyLayers(at: A.Element, layers: bigint, what: 'network' | 'part'): never {
    const max = grouped(this.options.maxLayers);
    const message =
      what === 'network'
        ? `the network reaches ${grouped(layers)} layers (INPUT included) with this element, more than the limit of ${max}`
        : `this expands to ${grouped(layers)} layers, more than the limit of ${max} for the whole network (INPUT included)`;
    return this.reporter.stop(error('too-many-layers', message, at.span));
  }

  /** Stops where the layers' repetition paths would hold more frames than the heap can. */
  private pathsTooLong(at: A.Element, frames: bigint): never {
    const message = `the layers' repetition paths reach ${grouped(frames)} frames here (a layer's frames are the repeats, branches and binding uses around it), more than the limit of ${grouped(MAX_PATH_FRAMES)}`;
    return this.reporter.stop(error('paths-too-long', message, at.span));
  }
}
