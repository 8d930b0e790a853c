// Whether the right-hand side of a `let` is an integer expression or a pipeline, decided before it
// is parsed (grammar/README.md, "let: integer or pipeline?"): `let N = 2*M` and `let b = FC-10`
// differ only in whether the names are layer names, and `let b = blk*2` (a pipeline binding
// repeated) is sorted out at expansion, where bindings are known.

import type { IToken, TokenType } from 'chevrotain';
import { isLayerName } from '../../layers/names.js';
import * as T from './tokens.js';

const EXPRESSION_OPERATORS: readonly TokenType[] = [T.Plus, T.Minus, T.Star, T.Slash];

/** Scans one expression's worth of tokens from `LA(1)` on; a layer name, a block call, a label, a
 *  tensor reference, an arrow or `?` after it, or a bracket left open means pipeline. */
export function looksLikeExpression(LA: (i: number) => IToken): boolean {
  let i = 1;
  let depth = 0;
  let expectOperand = true;
  for (;; i++) {
    const token = LA(i);
    const type = token.tokenType;
    if (expectOperand) {
      if (type === T.Minus) continue;
      if (type === T.LParen) depth++;
      else if (type === T.NumberLiteral) expectOperand = false;
      else if (type === T.Identifier) {
        // a layer name, a block call `b(4)` or a label `x:` makes the value a pipeline
        const after = LA(i + 1).tokenType;
        if (isLayerName(token.image) || after === T.LParen || after === T.Colon) return false;
        expectOperand = false;
      } else return false;
    } else if (type === T.RParen && depth > 0) depth--;
    else if (EXPRESSION_OPERATORS.includes(type)) expectOperand = true;
    else break;
  }
  const next = LA(i).tokenType;
  return depth === 0 && next !== T.FatArrow && next !== T.ThinArrow && next !== T.Question;
}
