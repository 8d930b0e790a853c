// The notation's abstract syntax tree: readonly discriminated unions, every node with its span.
// Built by the parser's embedded actions (syntax/grammar.ts); consumed by expansion (expand/). Layer
// names are already told apart from binding references here (layers/names.ts knows every layer keyword).

import type { Span } from '../diagnostics/span.js';

// ---- integer expressions -------------------------------------------------------------------

export type Expr = NumberExpr | NameExpr | BinaryExpr | NegateExpr;

export interface NumberExpr {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly span: Span;
}
export interface NameExpr {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
}
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: '+' | '-' | '*' | '/';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}
export interface NegateExpr {
  readonly kind: 'negate';
  readonly operand: Expr;
  readonly span: Span;
}

// ---- pipelines -----------------------------------------------------------------------------

export type Element =
  | LayerElement
  | RefElement
  | GroupElement
  | BranchElement
  | RepeatElement
  | OptionalElement
  | IdentityElement
  | LabelElement
  | TensorElement;

/** An argument of a layer or block call: `f=3`, or a positional `4096`; version 3: a labelled
 *  tensor, `@p1` in UNPOOL(@p1) (only a kind that declares a tensor argument takes one). */
export interface Arg {
  readonly key: string | null;
  readonly keySpan: Span | null;
  readonly value: Expr | TensorElement;
  readonly span: Span;
}

/** A layer as written: `CONV3-64`, `POOL2`, `FC-4096`, `CONV(f=11, k=96)`, `INPUT [224x224x3]`. */
export interface LayerElement {
  readonly kind: 'layer';
  /** The name as written (case kept), e.g. `CONV3`, `conv`, `POOL2`. */
  readonly name: string;
  readonly nameSpan: Span;
  /** The value after a dash: 64 in `CONV3-64`, 4096 in `FC-4096`. */
  readonly dash: Expr | null;
  readonly args: readonly Arg[];
  /** `[224x224x3]` or `224x224x3` after INPUT, as [width, height, depth]. */
  readonly dims: readonly [number, number, number] | null;
  readonly span: Span;
}

/** A use of a `let` binding: `block`, or `inception(64, 96)` for a parameterised one. */
export interface RefElement {
  readonly kind: 'ref';
  readonly name: string;
  readonly args: readonly Arg[] | null;
  readonly span: Span;
}

/** `ID`: the identity pipeline (a branch that passes its input through). */
export interface IdentityElement {
  readonly kind: 'identity';
  readonly span: Span;
}

export interface GroupElement {
  readonly kind: 'group';
  readonly body: Pipeline;
  readonly span: Span;
}

/** How a brace joins its branches: `|` concatenates along depth and `+` adds (version 2); `&`
 *  multiplies, broadcasting a 1 x 1 x D branch, and `/` splits the input's depth among the branches,
 *  then concatenates (version 3). */
export type BraceMerge = 'concat' | 'add' | 'mul' | 'split';
export type BraceSeparator = '|' | '+' | '&' | '/';

export const MERGE_OF: Readonly<Record<BraceSeparator, BraceMerge>> = { '|': 'concat', '+': 'add', '&': 'mul', '/': 'split' };

/** `{ A | B }`, `{ A + B }`, `{ A & B }` or `{ A / B }`. */
export interface BranchElement {
  readonly kind: 'branch';
  readonly merge: BraceMerge;
  readonly branches: readonly Pipeline[];
  /** Where each separator is, to point at a mixed one. */
  readonly separators: readonly { readonly text: BraceSeparator; readonly span: Span }[];
  readonly span: Span;
}

/** `name: E` (version 3): E, whose output `@name` refers to further on. */
export interface LabelElement {
  readonly kind: 'label';
  readonly name: string;
  readonly nameSpan: Span;
  readonly body: Element;
  readonly span: Span;
}

/** `@name` (version 3): the tensor most recently labelled `name`; what follows reads it. */
export interface TensorElement {
  readonly kind: 'tensor';
  readonly name: string;
  readonly span: Span;
}

export interface RepeatElement {
  readonly kind: 'repeat';
  readonly body: Element;
  readonly count: Expr;
  readonly span: Span;
}

export interface OptionalElement {
  readonly kind: 'optional';
  readonly body: Element;
  readonly span: Span;
}

export interface Pipeline {
  readonly kind: 'pipeline';
  readonly elements: readonly Element[];
  readonly span: Span;
}

// ---- statements ----------------------------------------------------------------------------

export interface LetStatement {
  readonly kind: 'let';
  readonly name: string;
  readonly nameSpan: Span;
  /** Parameter names of a parameterised block `let name(a, b) = ...`; null for a plain binding. */
  readonly params: readonly { readonly name: string; readonly span: Span }[] | null;
  /** `let shared name = ...` (version 3): every use of the binding has the same weights. */
  readonly shared: boolean;
  readonly value: Expr | Pipeline;
  readonly span: Span;
}

export interface NetworkFile {
  readonly kind: 'file';
  readonly lets: readonly LetStatement[];
  /** The network: the file's one pipeline that is not a `let` and does not start with a tensor reference. */
  readonly network: Pipeline | null;
  /** Side outputs (version 3): pipelines that start from a labelled tensor, `@aux => ... => FC-10`. */
  readonly sides: readonly Pipeline[];
  readonly span: Span;
}
