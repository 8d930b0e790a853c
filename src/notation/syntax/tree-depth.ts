// The depth check of parsed statements (limits.ts, MAX_TREE_DEPTH): the parser builds long chains
// (`1+1+...+1`, `RELU*1*1*...*1`) in loops, but every later walk over the syntax tree recurses once
// per level. This walk keeps its own stack, measures each node's height bottom-up and reports the
// first node whose height passes the limit, pointing at the part that made it too deep: the
// operand after the operator, the postfix, the element.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { error } from '../../diagnostics/errors.js';
import type { Span } from '../../diagnostics/span.js';
import type * as A from '../ast.js';
import { MAX_TREE_DEPTH } from '../limits.js';

type Node = A.Expr | A.Element | A.Pipeline | A.LetStatement;

const NONE: readonly Node[] = [];

function argValues(args: readonly A.Arg[] | null): Node[] {
  return (args ?? []).map((a) => a.value);
}

function children(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'number':
    case 'name':
    case 'identity':
    case 'tensor':
      return NONE;
    case 'binary':
      return [node.left, node.right];
    case 'negate':
      return [node.operand];
    case 'layer':
      return node.dash ? [node.dash, ...argValues(node.args)] : node.args.length > 0 ? argValues(node.args) : NONE;
    case 'ref':
      return argValues(node.args);
    case 'group':
      return [node.body];
    case 'branch':
      return node.branches;
    case 'repeat':
      return [node.body, node.count];
    case 'optional':
    case 'label':
      return [node.body];
    case 'pipeline':
      return node.elements;
    case 'let':
      return [node.value];
  }
}

/** The error for a node too deep, at the part of it that made it so. */
function tooDeep(node: Node): Diagnostic {
  const limit = `${MAX_TREE_DEPTH} levels`;
  if (node.kind === 'binary' || node.kind === 'negate') {
    const at: Span = node.kind === 'binary' ? node.right.span : node.span;
    return error('expression-too-long', `this expression nests more than ${limit} deep (each operator is a level)`, at);
  }
  if (node.kind === 'repeat' || node.kind === 'optional') {
    const at: Span = node.kind === 'repeat' ? node.count.span : { start: node.span.end, end: node.span.end };
    return error('too-many-postfixes', `an element with more than ${limit} of repeats and optional marks nested on it`, at);
  }
  return error('nesting-too-deep', `the notation nests more than ${limit} deep here`, 'flatten it: name inner parts with let bindings', node.span);
}

const isLeaf = (e: A.Expr | A.TensorElement): boolean => e.kind === 'number' || e.kind === 'name' || e.kind === 'tensor';

/** The height of a node that needs no walk (most nodes of a long file: layers with literal
 *  arguments, numbers, names), or 0 when its children must be walked. */
function shallowHeight(node: Node): number {
  if (node.kind === 'number' || node.kind === 'name' || node.kind === 'identity' || node.kind === 'tensor') return 1;
  if (node.kind !== 'layer' && node.kind !== 'ref') return 0;
  const args = node.args ?? [];
  const dash = node.kind === 'layer' ? node.dash : null;
  if (!dash && args.length === 0) return 1;
  if ((!dash || isLeaf(dash)) && args.every((a) => isLeaf(a.value))) return 2;
  return 0;
}

/** The first node of the statements deeper than MAX_TREE_DEPTH, as an error; null if none is. */
export function treeDepthError(statements: readonly (A.LetStatement | A.Pipeline)[]): Diagnostic | null {
  for (const statement of statements) {
    // Post-order: a node's height is 1 + its tallest child's, known once all children are done.
    const stack: { node: Node; kids: readonly Node[]; next: number; height: number }[] = [{ node: statement, kids: children(statement), next: 0, height: 1 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const kids = top.kids;
      if (top.next < kids.length) {
        const kid = kids[top.next++]!;
        const shallow = shallowHeight(kid);
        if (shallow > 0) top.height = Math.max(top.height, shallow + 1);
        else stack.push({ node: kid, kids: children(kid), next: 0, height: 1 });
        continue;
      }
      stack.pop();
      if (top.height > MAX_TREE_DEPTH) return tooDeep(top.node);
      const parent = stack[stack.length - 1];
      if (parent) parent.height = Math.max(parent.height, top.height + 1);
    }
  }
  return null;
}
