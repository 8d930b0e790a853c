// The expanded network: what expansion gives the analysis. Bindings, repeats and optional elements
// are gone; every layer is a graph node with the ids of the nodes that feed it, its arguments as
// written (defaults are applied by the analysis, which knows the input shape), its source span and
// its repetition path.

import type { Span } from '../diagnostics/span.js';
import type { GivenArgs, LayerKind } from '../layers/types.js';
import type { BraceMerge, NetworkFile } from './ast.js';

/** Where a layer sits in the repeats and bindings that produced it, outermost first. */
export type PathFrame =
  | {
      readonly kind: 'repeat';
      /** Which iteration (1-based) of how many. */
      readonly iteration: number;
      readonly count: number;
      /** The layer's position (1-based) among the layers one iteration produces, and how many it produces. */
      readonly position: number;
      readonly length: number;
      readonly span: Span;
    }
  | {
      readonly kind: 'binding';
      readonly name: string;
      /** The integer arguments of a parameterised block's use, e.g. [64, 96]; null for a plain binding. */
      readonly args: readonly number[] | null;
      readonly span: Span;
    }
  | {
      /** Inside `{ A | B }`, `{ A + B }`, `{ A & B }` or `{ A / B }`: which branch of how many. */
      readonly kind: 'branch';
      readonly index: number;
      readonly count: number;
      readonly merge: BraceMerge;
      /** The whole brace. */
      readonly span: Span;
    }
  | {
      /** In a side output (version 3: `@aux => ...`): which one of how many. */
      readonly kind: 'side';
      readonly index: number;
      readonly count: number;
      readonly span: Span;
    };

export interface NetworkNode {
  /** 0 for INPUT, then 1, 2, ... in order: the row numbers of the table. */
  readonly id: number;
  readonly kind: LayerKind;
  readonly given: GivenArgs;
  /** The layer as written in the source, whitespace collapsed: `CONV(f=11, k=96, s=4, p=0)`. */
  readonly text: string;
  readonly span: Span;
  readonly path: readonly PathFrame[];
  /** The nodes whose outputs feed this one (one for a sequential network; none for INPUT; the
   *  branches' last nodes for a merge). */
  readonly inputs: readonly number[];
  /** For a merge: the source span of each branch, in the order of `inputs`. */
  readonly branchSpans?: readonly Span[];
  /** In a use of a `let shared` binding after the first: the node of the first use whose
   *  parameters this one uses (counted there, once). */
  readonly shares?: number;
  /** UNPOOL (version 3): the max POOL whose maxima it puts back; its inputs are the tensor to
   *  unpool and that pool's input, whence the maxima's positions. */
  readonly unpools?: number;
}

export interface Network {
  /** Topologically ordered; nodes[0] is INPUT. */
  readonly nodes: readonly NetworkNode[];
  /** The id of the node whose output is the network's output. */
  readonly output: number;
  /** The side outputs' last nodes, in source order (version 3: `@aux => ... => FC-10`). */
  readonly sideOutputs: readonly number[];
  readonly ast: NetworkFile;
  /** The integer bindings in effect (lets and --set), for reports. */
  readonly integers: ReadonlyMap<string, number>;
}

function describeFrame(f: PathFrame): string {
  if (f.kind === 'binding') return `in ${f.name}` + (f.args ? `(${f.args.join(', ')})` : '');
  if (f.kind === 'branch') return `branch ${f.index} of ${f.count}`;
  if (f.kind === 'side') return `side output ${f.index} of ${f.count}`;
  return `block ${f.iteration} of ${f.count}` + (f.length > 1 ? `, layer ${f.position} of ${f.length}` : '');
}

/** "block 2 of 3, layer 1 of 2 > in stage > branch 2 of 4": a path for humans. */
export function describePath(path: readonly PathFrame[]): string {
  return path.map(describeFrame).join(' > ');
}
