// A pretty-printer for the notation's AST (test-only), and a span-free view of an AST, for the
// round trip parse(print(ast)) == ast. The printer writes the canonical form: one statement per
// line, ' => ' between elements, upper-case as written (names keep their case), keyword arguments
// as `key=value`, INPUT's shape as `[WxHxD]`, and parentheses only where precedence needs them.

import type * as A from '../../src/notation/ast.js';

const PRECEDENCE: Record<A.BinaryExpr['op'], number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** An expression at a position that needs precedence `min` (3: an operand). */
export function printExpr(e: A.Expr, min = 0): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'name':
      return e.name;
    case 'negate':
      return `-${printExpr(e.operand, 3)}`;
    case 'binary': {
      const p = PRECEDENCE[e.op];
      // Left-associative: the right operand binds tighter than the operator it follows.
      const text = `${printExpr(e.left, p)} ${e.op} ${printExpr(e.right, p + 1)}`;
      return p < min ? `(${text})` : text;
    }
  }
}

/** A factor: what follows a layer's dash, and (without a leading '-') a repeat count. */
function printFactor(e: A.Expr): string {
  return e.kind === 'binary' ? `(${printExpr(e)})` : printExpr(e, 3);
}

function printCount(e: A.Expr): string {
  return e.kind === 'number' || e.kind === 'name' ? printExpr(e) : `(${printExpr(e)})`;
}

function printArgs(args: readonly A.Arg[]): string {
  return `(${args.map((a) => (a.key === null ? '' : `${a.key}=`) + (a.value.kind === 'tensor' ? `@${a.value.name}` : printExpr(a.value))).join(', ')})`;
}

export function printElement(el: A.Element): string {
  switch (el.kind) {
    case 'layer': {
      let out = el.name;
      if (el.dash) out += `-${printFactor(el.dash)}`;
      if (el.args.length > 0) out += printArgs(el.args);
      if (el.dims) out += ` [${el.dims.join('x')}]`;
      return out;
    }
    case 'ref':
      return el.args === null ? el.name : `${el.name}${printArgs(el.args)}`;
    case 'group':
      return `[${printPipeline(el.body)}]`;
    case 'branch':
      return `{ ${el.branches.map(printPipeline).reduce((acc, p, i) => `${acc} ${el.separators[i - 1]!.text} ${p}`)} }`;
    case 'repeat':
      return `${printElement(el.body)}*${printCount(el.count)}`;
    case 'optional':
      return `${printElement(el.body)}?`;
    case 'identity':
      return 'ID';
    default:
      // A kind added to ast.ts after this printer: fail loudly rather than print nonsense.
      throw new Error(`fuzz-print: no printer for element ${JSON.stringify((el as { kind: unknown }).kind)}`);
  }
}

export function printPipeline(p: A.Pipeline): string {
  return p.elements.map(printElement).join(' => ');
}

export function printLet(s: A.LetStatement): string {
  const params = s.params === null ? '' : `(${s.params.map((p) => p.name).join(', ')})`;
  const value = s.value.kind === 'pipeline' ? printPipeline(s.value) : printExpr(s.value);
  return `let ${s.name}${params} = ${value}`;
}

/** The lets, then the network; the network first when it starts with '[', because after a let that
 *  ends in a layer, `RELU\n[INPUT ...` reads the '[' as RELU's shape (a known ambiguity). */
export function printFile(f: A.NetworkFile): string {
  const lets = f.lets.map(printLet);
  if (!f.network) return lets.join('\n') + '\n';
  const network = printPipeline(f.network);
  return (network.startsWith('[') ? [network, ...lets] : [...lets, network]).join('\n') + '\n';
}

const SPAN_KEYS = new Set(['span', 'nameSpan', 'keySpan']);

/** A deep copy without positions: what two parses of differently laid-out text must agree on. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SPAN_KEYS.has(k)) out[k] = withoutSpans(v);
  return out;
}
