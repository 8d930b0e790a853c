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

export type Element = LayerElement | RefElement | GroupElement | BranchElement | RepeatElement | OptionalElement | IdentityElement;

/** An argument of a layer or block call: `f=3`, or a positional `4096`. */
export interface Arg {
  readonly key: string | null;
  readonly keySpan: Span | null;
  readonly value: Expr;
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

/** `{ A | B }` (concatenate along depth) or `{ A + B }` (add element-wise): notation version 2. */
export interface BranchElement {
  readonly kind: 'branch';
  readonly merge: 'concat' | 'add';
  readonly branches: readonly Pipeline[];
  /** Where each separator is, to point at a mixed one. */
  readonly separators: readonly { readonly text: '|' | '+'; readonly span: Span }[];
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
  readonly value: Expr | Pipeline;
  readonly span: Span;
}

export interface NetworkFile {
  readonly kind: 'file';
  readonly lets: readonly LetStatement[];
  /** The network: the file's one pipeline that is not a `let`. */
  readonly network: Pipeline | null;
  readonly span: Span;
}
