// CST -> AST. The CST groups a rule's children by name, so interleaved children (operators between
// terms, postfixes after an element) are put back in source order by offset here. Layer names are
// told apart from binding references with layers/names.ts. Runs only on a CST without syntax errors.

import type { CstNode, CstElement, IToken } from 'chevrotain';
import type { Span } from '../diagnostics/span.js';
import { IDENTITY_NAME, isLayerName } from '../layers/names.js';
import type * as A from './ast.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

export function tokenSpan(t: IToken): Span {
  return {
    start: { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 },
    end: { offset: (t.endOffset ?? t.startOffset) + 1, line: t.endLine ?? 1, column: (t.endColumn ?? 1) + 1 },
  };
}

function nodeSpan(n: CstNode): Span {
  const l = n.location!;
  return {
    start: { offset: l.startOffset, line: l.startLine ?? 1, column: l.startColumn ?? 1 },
    end: { offset: (l.endOffset ?? l.startOffset) + 1, line: l.endLine ?? 1, column: (l.endColumn ?? 1) + 1 },
  };
}

function offsetOf(e: CstElement): number {
  return isToken(e) ? e.startOffset : e.location!.startOffset;
}

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []) as CstNode[];
}
function tokens(c: Children, key: string): IToken[] {
  return (c[key] ?? []) as IToken[];
}
/** The children under the given keys, in source order. */
function inOrder(c: Children, ...keys: string[]): CstElement[] {
  return keys.flatMap((k) => c[k] ?? []).sort((a, b) => offsetOf(a) - offsetOf(b));
}

// ---- expressions ---------------------------------------------------------------------------

function numberExpr(t: IToken): A.NumberExpr {
  return { kind: 'number', value: Number(t.image), text: t.image, span: tokenSpan(t) };
}

function factor(n: CstNode): A.Expr {
  const c = n.children as Children;
  const span = nodeSpan(n);
  if (c['Minus']) return { kind: 'negate', operand: factor(nodes(c, 'factor')[0]!), span };
  const num = tokens(c, 'NumberLiteral')[0];
  if (num) return numberExpr(num);
  const name = tokens(c, 'Identifier')[0];
  if (name) return { kind: 'name', name: name.image, span };
  return expression(nodes(c, 'expression')[0]!);
}

/** Left-associative chain: operands joined by the operator tokens found between them. */
function chain(n: CstNode, operandKey: string, opKeys: string[], operand: (n: CstNode) => A.Expr): A.Expr {
  const c = n.children as Children;
  const operands = nodes(c, operandKey).map(operand);
  const ops = inOrder(c, ...opKeys) as IToken[];
  let result = operands[0]!;
  ops.forEach((op, i) => {
    const right = operands[i + 1]!;
    const span = { start: result.span.start, end: right.span.end };
    result = { kind: 'binary', op: op.image as A.BinaryExpr['op'], left: result, right, span };
  });
  return result;
}

function term(n: CstNode): A.Expr {
  return chain(n, 'factor', ['Star', 'Slash'], factor);
}

export function expression(n: CstNode): A.Expr {
  return chain(n, 'term', ['Plus', 'Minus'], term);
}

// ---- pipelines -----------------------------------------------------------------------------

function args(n: CstNode | undefined): A.Arg[] {
  if (!n) return [];
  return nodes(n.children as Children, 'arg').map((argNode) => {
    const c = argNode.children as Children;
    const key = tokens(c, 'key')[0];
    return {
      key: key ? key.image : null,
      keySpan: key ? tokenSpan(key) : null,
      value: expression(nodes(c, 'expression')[0]!),
      span: nodeSpan(argNode),
    };
  });
}

function parseDims(t: IToken): readonly [number, number, number] {
  const [w, h, d] = t.image.split(/[xX]/).map((s) => Number(s.trim()));
  return [w!, h!, d!];
}

function layer(n: CstNode): A.LayerElement | A.RefElement | A.IdentityElement {
  const c = n.children as Children;
  const nameToken = tokens(c, 'name')[0]!;
  const span = nodeSpan(n);
  const argList = nodes(c, 'argList')[0];
  if (nameToken.image.toUpperCase() === IDENTITY_NAME && !c['Minus'] && !c['Dims'] && !c['LParen']) return { kind: 'identity', span };
  if (!isLayerName(nameToken.image) && !c['Minus'] && !c['Dims']) {
    return { kind: 'ref', name: nameToken.image, args: c['LParen'] ? args(argList) : null, span };
  }
  const dash = nodes(c, 'dash')[0];
  const dims = tokens(c, 'Dims')[0];
  return {
    kind: 'layer',
    name: nameToken.image,
    nameSpan: tokenSpan(nameToken),
    dash: dash ? factor(dash) : null,
    args: args(argList),
    dims: dims ? parseDims(dims) : null,
    span,
  };
}

function primary(n: CstNode): A.Element {
  const c = n.children as Children;
  const group = nodes(c, 'group')[0];
  if (group) {
    return { kind: 'group', body: pipeline(nodes(group.children as Children, 'pipeline')[0]!), span: nodeSpan(group) };
  }
  const branches = nodes(c, 'branches')[0];
  if (branches) return branchElement(branches);
  return layer(nodes(c, 'layer')[0]!);
}

function branchElement(n: CstNode): A.BranchElement {
  const c = n.children as Children;
  const separators = (inOrder(c, 'Pipe', 'Plus') as IToken[]).map((t) => ({
    text: t.image as '|' | '+',
    span: tokenSpan(t),
  }));
  return {
    kind: 'branch',
    merge: separators[0]?.text === '+' ? 'add' : 'concat',
    branches: nodes(c, 'pipeline').map(pipeline),
    separators,
    span: nodeSpan(n),
  };
}

function repeatCount(n: CstNode): A.Expr {
  const c = n.children as Children;
  const num = tokens(c, 'NumberLiteral')[0];
  if (num) return numberExpr(num);
  const name = tokens(c, 'Identifier')[0];
  if (name) return { kind: 'name', name: name.image, span: tokenSpan(name) };
  return expression(nodes(c, 'expression')[0]!);
}

function element(n: CstNode): A.Element {
  const c = n.children as Children;
  let result = primary(nodes(c, 'primary')[0]!);
  for (const postfix of inOrder(c, 'repeat', 'Question')) {
    const span = { start: result.span.start, end: isToken(postfix) ? tokenSpan(postfix).end : nodeSpan(postfix).end };
    result = isToken(postfix)
      ? { kind: 'optional', body: result, span }
      : { kind: 'repeat', body: result, count: repeatCount(postfix), span };
  }
  return result;
}

export function pipeline(n: CstNode): A.Pipeline {
  return { kind: 'pipeline', elements: nodes(n.children as Children, 'element').map(element), span: nodeSpan(n) };
}

// ---- statements ----------------------------------------------------------------------------

function letStatement(n: CstNode): A.LetStatement {
  const c = n.children as Children;
  const name = tokens(c, 'name')[0]!;
  const valueExpr = nodes(c, 'expression')[0];
  return {
    kind: 'let',
    name: name.image,
    nameSpan: tokenSpan(name),
    params: c['LParen'] ? tokens(c, 'param').map((t) => ({ name: t.image, span: tokenSpan(t) })) : null,
    value: valueExpr ? expression(valueExpr) : pipeline(nodes(c, 'pipeline')[0]!),
    span: nodeSpan(n),
  };
}

/** The file's statements: `let`s and pipelines in source order (more than one pipeline is an error
 *  that parse.ts reports). */
export function fileStatements(n: CstNode): (A.LetStatement | A.Pipeline)[] {
  const c = n.children as Children;
  return (inOrder(c, 'letStatement', 'pipeline') as CstNode[]).map((s) =>
    s.name === 'letStatement' ? letStatement(s) : pipeline(s),
  );
}
