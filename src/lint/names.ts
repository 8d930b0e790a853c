// Which names each part of the file uses: the network and every `let` body, as written (the AST, not
// the expansion, so that an optional element switched off or a repeat of 0 still counts as a use).
// A parameterised block's own parameters are not uses of bindings of the same name.

import type * as A from '../notation/ast.js';

function exprNames(e: A.Expr, out: Set<string>): void {
  if (e.kind === 'name') out.add(e.name);
  else if (e.kind === 'binary') {
    exprNames(e.left, out);
    exprNames(e.right, out);
  } else if (e.kind === 'negate') exprNames(e.operand, out);
}

function argsNames(args: readonly A.Arg[] | null, out: Set<string>): void {
  for (const a of args ?? []) if (a.value.kind !== 'tensor') exprNames(a.value, out);
}

function elementNames(el: A.Element, out: Set<string>): void {
  switch (el.kind) {
    case 'layer':
      if (el.dash) exprNames(el.dash, out);
      argsNames(el.args, out);
      return;
    case 'ref':
      out.add(el.name);
      argsNames(el.args, out);
      return;
    case 'group':
      return pipelineNames(el.body, out);
    case 'branch':
      for (const b of el.branches) pipelineNames(b, out);
      return;
    case 'repeat':
      elementNames(el.body, out);
      exprNames(el.count, out);
      return;
    case 'optional':
      return elementNames(el.body, out);
    case 'identity':
      return;
  }
}

function pipelineNames(p: A.Pipeline, out: Set<string>): void {
  for (const el of p.elements) elementNames(el, out);
}

/** The names a let's value uses, its parameters left out. */
export function letUses(stmt: A.LetStatement): Set<string> {
  const out = new Set<string>();
  if (stmt.value.kind === 'pipeline') pipelineNames(stmt.value, out);
  else exprNames(stmt.value, out);
  for (const p of stmt.params ?? []) out.delete(p.name);
  return out;
}

/** Every name a let's body mentions, parameters included (to tell which parameters are used). */
export function bodyNames(stmt: A.LetStatement): Set<string> {
  const out = new Set<string>();
  if (stmt.value.kind === 'pipeline') pipelineNames(stmt.value, out);
  else exprNames(stmt.value, out);
  return out;
}

export function networkUses(file: A.NetworkFile): Set<string> {
  const out = new Set<string>();
  if (file.network) pipelineNames(file.network, out);
  for (const side of file.sides) pipelineNames(side, out);
  return out;
}
