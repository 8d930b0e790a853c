// Fuzzing helpers: a grammar-aware generator of valid notation programs, and mutations of them.
//
// Both are driven by a list of integers (fast-check's `fc.array(fc.nat())`): each decision takes the
// next number, and a list that runs out answers 0, which is always the simplest choice. Shrinking
// the list (shorter, smaller numbers) therefore shrinks the program, and a failing case comes back
// small. The generator tracks the value of every integer expression it writes, so that counts stay
// small and divisions exact: most programs are valid all the way through analysis, not only syntax.

import { LAYER_KEYWORDS } from '../../src/layers/names.js';

export class Choices {
  private i = 0;
  constructor(private readonly values: readonly number[]) {}
  /** An integer in [min, max]; min when the list is used up. */
  int(min: number, max: number): number {
    const v = this.values[this.i++] ?? 0;
    return min + (v % (max - min + 1));
  }
  /** True with probability about 1/n (false when the list is used up). */
  oneIn(n: number): boolean {
    return this.int(0, n - 1) === n - 1;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

// ---- whitespace, comments and case --------------------------------------------------------------

/** Whitespace where none is needed; the first entry is the simplest. */
const OPTIONAL_SPACE = ['', ' ', '\n', '  ', '\t', '\r\n', ' # a comment => [ ( let\n', '\n    # indented\n    '];
/** Whitespace between two words (name, number, shape), which must not run together. */
const SPACE = [' ', '\n', '  ', '\t', '\r\n', ' # CONV3-64 => POOL2\n'];
/** Spaces inside a shape token 224 x 224 x 3: only spaces and tabs. */
const DIMS_SPACE = ['', ' ', '\t'];

function sp(c: Choices): string {
  return c.pick(OPTIONAL_SPACE);
}
function sp1(c: Choices): string {
  return c.pick(SPACE);
}

/** Keywords are case-insensitive: CONV, conv, Conv, cOnV. */
export function vary(c: Choices, word: string): string {
  switch (c.int(0, 3)) {
    case 0:
      return word;
    case 1:
      return word.toLowerCase();
    case 2:
      return word[0]! + word.slice(1).toLowerCase();
    default:
      return [...word].map((ch) => (c.oneIn(2) ? ch.toLowerCase() : ch.toUpperCase())).join('');
  }
}

// ---- integer expressions with known values -------------------------------------------------------

interface Written {
  readonly text: string;
  /** 3: an operand (number, name, parenthesised), 2: a product or quotient, 1: a sum or difference. */
  readonly prec: number;
}

const operand = (w: Written): string => (w.prec >= 3 ? w.text : `(${w.text})`);

export interface IntBinding {
  readonly name: string;
  readonly value: number;
}

/** An expression that evaluates exactly to `target`, using the integer bindings in scope. */
export function intExpr(c: Choices, target: number, scope: readonly IntBinding[], depth: number): Written {
  const form = depth <= 0 ? c.int(0, 1) : c.int(0, 7);
  switch (form) {
    case 0:
      return target >= 0 ? { text: String(target), prec: 3 } : { text: `-${-target}`, prec: 3 };
    case 1: {
      if (scope.length === 0) return target >= 0 ? { text: String(target), prec: 3 } : { text: `-${-target}`, prec: 3 };
      const b = c.pick(scope);
      const delta = target - b.value;
      if (delta === 0) return { text: b.name, prec: 3 };
      return { text: `${b.name}${sp(c)}${delta > 0 ? '+' : '-'}${sp(c)}${Math.abs(delta)}`, prec: 1 };
    }
    case 2: {
      const a = c.int(0, 3);
      const left = intExpr(c, target - a, scope, depth - 1);
      const right = intExpr(c, a, scope, depth - 1);
      return { text: `${left.text}${sp(c)}+${sp(c)}${right.prec > 1 ? right.text : operand(right)}`, prec: 1 };
    }
    case 3: {
      const a = c.int(0, 3);
      const left = intExpr(c, target + a, scope, depth - 1);
      const right = intExpr(c, a, scope, depth - 1);
      return { text: `${left.text}${sp(c)}-${sp(c)}${right.prec > 1 ? right.text : operand(right)}`, prec: 1 };
    }
    case 4: {
      const k = c.pick([1, 2, 3].filter((d) => target % d === 0));
      const left = intExpr(c, target / k, scope, depth - 1);
      const right = intExpr(c, k, scope, depth - 1);
      return { text: `${left.prec >= 2 ? left.text : operand(left)}${sp(c)}*${sp(c)}${operand(right)}`, prec: 2 };
    }
    case 5: {
      const k = c.int(1, 3);
      const left = intExpr(c, target * k, scope, depth - 1);
      const right = intExpr(c, k, scope, depth - 1);
      return { text: `${left.prec >= 2 ? left.text : operand(left)}${sp(c)}/${sp(c)}${operand(right)}`, prec: 2 };
    }
    case 6:
      return { text: `(${sp(c)}${intExpr(c, target, scope, depth - 1).text}${sp(c)})`, prec: 3 };
    default: {
      const inner = intExpr(c, -target, scope, depth - 1);
      return { text: `-${operand(inner)}`, prec: 3 };
    }
  }
}

/** A value after a dash or in a repeat: a number, a name, or a parenthesised expression. */
function factorText(c: Choices, target: number, scope: readonly IntBinding[]): string {
  const w = intExpr(c, target, scope, c.int(0, 2));
  return operand(w);
}

// ---- layers --------------------------------------------------------------------------------------

/** Keyword arguments in any order, with spaces and case varied where allowed. */
function keywordArgs(c: Choices, args: readonly (readonly [string, string])[]): string {
  const parts = c.shuffle(args).map(([k, v]) => `${k}${sp(c)}=${sp(c)}${v}`);
  return `(${sp(c)}${parts.join(`${sp(c)},${sp(c)}`)}${sp(c)})`;
}

function someArgs(c: Choices, args: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  return args.filter(() => !c.oneIn(3));
}

export function inputLayer(c: Choices): string {
  const [w, h, d] = [c.int(1, 64), c.int(1, 64), c.int(1, 4)];
  const name = vary(c, 'INPUT');
  const ds = () => c.pick(DIMS_SPACE);
  const dims = `${w}${ds()}${c.pick(['x', 'X'])}${ds()}${h}${ds()}${c.pick(['x', 'X'])}${ds()}${d}`;
  switch (c.int(0, 2)) {
    case 0:
      return `${name}${sp(c)}[${sp(c)}${dims}${sp(c)}]`;
    case 1:
      return `${name}${sp1(c)}${dims}`;
    default:
      return `${name}${keywordArgs(c, [['w', String(w)], ['h', String(h)], ['d', String(d)]])}`;
  }
}

/** One layer in one of its written forms, mostly with arguments that keep the network valid. */
export function layer(c: Choices, scope: readonly IntBinding[]): string {
  const num = (lo: number, hi: number) => intExpr(c, c.int(lo, hi), scope, c.int(0, 2)).text;
  switch (c.int(0, 14)) {
    case 0:
      return vary(c, 'RELU');
    case 1: {
      const f = c.pick([1, 3, 5]);
      return `${vary(c, 'CONV')}${f}${sp(c)}-${sp(c)}${factorText(c, c.int(1, 8), scope)}`;
    }
    case 2:
      return `${vary(c, 'POOL')}${c.pick([1, 2])}`;
    case 3:
      return `${vary(c, 'FC')}${sp(c)}-${sp(c)}${factorText(c, c.int(1, 32), scope)}`;
    case 4:
      return c.oneIn(2) ? `${vary(c, 'FC')}(${num(1, 32)})` : `${vary(c, 'FC')}${keywordArgs(c, [['n', num(1, 32)]])}`;
    case 5: {
      const f = c.pick([1, 3, 5]);
      const args = someArgs(c, [['f', String(f)], ['k', num(1, 8)], ['s', '1'], ['p', String((f - 1) / 2)]]);
      return args.length ? `${vary(c, 'CONV')}${keywordArgs(c, args)}` : vary(c, 'CONV');
    }
    case 6:
      return `${vary(c, 'CONV')}3${sp(c)}-${sp(c)}${factorText(c, c.int(1, 8), scope)}${keywordArgs(c, [['s', '1']])}`;
    case 7: {
      const args = someArgs(c, [['f', '1'], ['k', num(1, 4)], ['s', '1'], ['p', '0']]);
      return `${vary(c, 'LOCAL')}${args.length ? keywordArgs(c, args) : ''}`;
    }
    case 8: {
      const args = someArgs(c, [['f', '2'], ['s', '2'], ['p', '0'], ['mode', vary(c, c.pick(['max', 'avg', 'l2']))]]);
      return `${vary(c, 'POOL')}${args.length ? keywordArgs(c, args) : ''}`;
    }
    case 9:
      return vary(c, c.pick(['TANH', 'SIGMOID', 'SOFTMAX']));
    case 10:
      return c.pick([vary(c, 'DROPOUT'), `${vary(c, 'DROPOUT')}(${c.pick(['0.5', '0.25', '0', '5e-1'])})`, `${vary(c, 'DROPOUT')}${keywordArgs(c, [['p', '0.3']])}`]);
    case 11: {
      if (c.oneIn(2)) return vary(c, c.pick(['NORM', 'LRN']));
      const args = someArgs(c, [['size', num(1, 5)], ['alpha', c.pick(['0.0001', '1e-4', '1E-4'])], ['beta', '0.75'], ['k', c.pick(['1', '2', '1.0'])]]);
      return `${vary(c, c.pick(['LRN', 'NORM']))}${args.length ? keywordArgs(c, args) : ''}`;
    }
    case 12:
      return `${vary(c, 'CONV')}${keywordArgs(c, [['f', '1'], ['k', num(1, 4)]])}`;
    case 13:
      return `${vary(c, 'POOL')}${keywordArgs(c, [['f', '1'], ['s', '1']])}`;
    default:
      return layerV2(c, scope);
  }
}

/** The layer forms of notation version 2: BN, GAP, global and ceil pooling, groups, dilation, bias=no. */
function layerV2(c: Choices, scope: readonly IntBinding[]): string {
  switch (c.int(0, 5)) {
    case 0:
      return vary(c, c.pick(['BN', 'BATCHNORM']));
    case 1:
      return vary(c, 'GAP');
    case 2: {
      const global = vary(c, 'global');
      return `${vary(c, 'POOL')}(${sp(c)}${c.pick([global, `mode=avg,${sp(c)}${global}`, `${global},${sp(c)}mode=max`])}${sp(c)})`;
    }
    case 3:
      return `${vary(c, 'POOL')}${keywordArgs(c, [['f', '3'], ['s', '2'], ['round', c.pick(['ceil', 'floor', 'CEIL'])]])}`;
    case 4:
      return `${vary(c, 'CONV')}${keywordArgs(c, someArgs(c, [['f', '3'], ['d', intExpr(c, c.int(1, 2), scope, 1).text], ['bias', c.pick(['no', 'yes'])], ['g', '1']]))}`;
    default:
      return `${vary(c, 'CONV')}1${sp(c)}-${sp(c)}${c.pick(['2', '4'])}${keywordArgs(c, [['g', c.pick(['1', '2'])]])}`;
  }
}

// ---- pipelines and programs ----------------------------------------------------------------------

/** Binding names that are not layer names (relu2 is not: RELU takes no shorthand size). */
const NAMES = ['N', 'M', 'K', 'blk', 'stage', 'letters', 'lettuce', 'inputs', 'relu2', 'convx', '_tail', 'Block_3', 'x', 'n8'];

interface Scope {
  readonly ints: readonly IntBinding[];
  readonly pipelines: readonly string[];
  readonly blocks: readonly { name: string; params: number }[];
  /** Whether parameterised blocks (notation version 2) are defined. */
  readonly v2: boolean;
}

function postfixes(c: Choices, scope: Scope): string {
  let out = '';
  const n = c.int(0, 4) === 4 ? 2 : c.int(0, 1);
  for (let i = 0; i < n; i++) {
    if (c.oneIn(3)) out += `${sp(c)}?`;
    else {
      const count = c.int(0, 3);
      const named = scope.ints.filter((b) => b.value >= 0 && b.value <= 3);
      // A count is a number, a name or ( expression ): no leading '-', unlike a dash value.
      const factor = factorText(c, count, scope.ints);
      const text = named.length && c.oneIn(3) ? c.pick(named).name : factor.startsWith('-') ? `(${factor})` : factor;
      out += `${sp(c)}*${sp(c)}${text}`;
    }
  }
  return out;
}

function element(c: Choices, scope: Scope, depth: number): string {
  let body: string;
  const form = depth <= 0 ? 0 : c.int(0, 9);
  if (form <= 4) body = layer(c, scope.ints);
  else if (form <= 6 && scope.pipelines.length) body = c.pick(scope.pipelines);
  else if (form === 9 && c.oneIn(2)) {
    const sep = c.pick(['|', '+']);
    const branches = Array.from({ length: c.int(1, 3) }, () => (c.oneIn(4) ? vary(c, 'ID') : pipeline(c, scope, depth - 1)));
    body = `{${sp(c)}${branches.join(`${sp(c)}${sep}${sp(c)}`)}${sp(c)}}`;
  } else if (form === 9 && scope.blocks.length) {
    const block = c.pick(scope.blocks);
    const args = Array.from({ length: block.params }, (_, i) => (c.oneIn(4) ? `${['a', 'b'][i]}=` : '') + String(c.int(1, 4)));
    body = `${block.name}(${args.join(`,${sp(c)}`)})`;
  } else body = `[${sp(c)}${pipeline(c, scope, depth - 1)}${sp(c)}]`;
  return body + postfixes(c, scope);
}

const arrow = (c: Choices): string => `${sp(c)}${c.pick(['=>', '->'])}${sp(c)}`;

export function pipeline(c: Choices, scope: Scope, depth: number): string {
  const n = c.int(1, 6);
  return Array.from({ length: n }, () => element(c, scope, depth)).join(arrow(c));
}

export interface GeneratedProgram {
  readonly text: string;
  /** Whether the file defines a parameterised block (notation version 2). */
  readonly v2: boolean;
}

/** A whole file: integer lets, pipeline lets (in any order), then the network starting with INPUT. */
export function program(c: Choices): GeneratedProgram {
  const v2 = c.oneIn(3);
  const names = c.shuffle(NAMES);
  const ints: IntBinding[] = [];
  const statements: string[] = [];
  const letKw = () => vary(c, 'let');
  for (let i = c.int(0, 3); i > 0; i--) {
    const name = names.pop()!;
    const value = c.int(0, 4);
    statements.push(`${letKw()}${sp1(c)}${name}${sp(c)}=${sp(c)}${intExpr(c, value, ints, c.int(0, 3)).text}`);
    ints.push({ name, value });
  }
  const pipelines: string[] = [];
  const blocks: { name: string; params: number }[] = [];
  for (let i = c.int(0, 2); i > 0; i--) {
    const name = names.pop()!;
    const body = pipeline(c, { ints, pipelines, blocks: [], v2 }, c.int(0, 2));
    statements.push(`${letKw()}${sp1(c)}${name}${sp(c)}=${sp(c)}${body}`);
    pipelines.push(name);
  }
  if (v2 && c.oneIn(2)) {
    const name = names.pop()!;
    const params = ['a', 'b'].slice(0, c.int(1, 2));
    const [a, b = '1'] = params;
    const body = c.pick([
      `CONV(f=3, k=${a})`,
      `[CONV(f=3, k=${a}) => RELU]*${b}`,
      `{ CONV(f=1, k=${a}) | CONV(f=3, k=${a}*2) => BN }`,
      `{ CONV3-${a}(bias=no) => BN + CONV(f=1, k=${a}) } => RELU*${b}`,
    ]);
    statements.push(`${letKw()}${sp1(c)}${name}(${params.join(`,${sp(c)}`)})${sp(c)}=${sp(c)}${body}`);
    blocks.push({ name, params: params.length });
  }
  const scope = { ints, pipelines, blocks, v2 };
  const rest = c.oneIn(4) ? '' : arrow(c) + pipeline(c, scope, c.int(0, 3));
  // The network may come first (lets are found wherever they are). `[INPUT ...]` as its head is kept
  // out of files where a pipeline let could come just before it: `let b = RELU [INPUT ...` reads
  // the '[' as RELU's shape (see the regression in fuzz.test.ts).
  const networkFirst = c.oneIn(8);
  const grouped = (networkFirst || (pipelines.length === 0 && blocks.length === 0)) && c.oneIn(6);
  const head = grouped ? `[${sp(c)}${inputLayer(c)}${sp(c)}]` : inputLayer(c);
  const network = head + rest;
  const lets = c.shuffle(statements);
  const ordered = networkFirst ? [network, ...lets] : [...lets, network];
  const leading = c.oneIn(4) ? '# a network\n' : '';
  const trailing = c.pick(['', '\n', ' # end', '\n\n']);
  return { text: leading + ordered.map((s) => s + sp1(c)).join('') + trailing, v2 };
}

// ---- mutations -----------------------------------------------------------------------------------

const STRANGE = ['\u0000', '\u00a0', '\u2028', '\u200b', '\ufeff', 'é', '→', '😀', '\ud800', '\udc00', '\x7f', '\x1b', '\r', '\t', '\v', '\f'];
const PUNCTUATION = [...'[](){},=*/+-?|#.x<>%&!@$^~`\'"\\;:', '=>', '->', 'let ', '224x224x3', '1e', '0.'];
const TOKEN = /\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|=>|->|[\s\S]/gu;

function randomChar(c: Choices): string {
  switch (c.int(0, 3)) {
    case 0:
      return c.pick(PUNCTUATION);
    case 1:
      return c.pick(STRANGE);
    case 2:
      return String.fromCharCode(c.int(0, 0xffff));
    default:
      return c.pick([...'abcxyzCONVPOOLFCRELU0123456789 \n']);
  }
}

function longNumber(c: Choices): string {
  return c.pick([
    () => '9'.repeat(c.int(16, 400)),
    () => '1' + '0'.repeat(c.int(15, 30)),
    () => `1e${c.int(15, 400)}`,
    () => `0.${'3'.repeat(c.int(1, 40))}`,
    () => '9007199254740993',
    () => `${c.int(0, 9)}.${c.int(0, 9)}e-${c.int(1, 400)}`,
    () => `${'9'.repeat(c.int(5, 30))}x${'9'.repeat(c.int(5, 30))}x${'9'.repeat(c.int(1, 30))}`,
  ])();
}

function nesting(c: Choices): string {
  const n = c.pick([c.int(1, 20), c.int(190, 210), c.int(500, 3000)]);
  const open = c.pick(['[', '(', '{', '-', '[ ', '( -']);
  const close = { '[': ']', '(': ')', '{': '}', '-': '', '[ ': ' ]', '( -': ')' }[open]!;
  const middle = c.pick(['RELU', '3', 'N', '', 'RELU => RELU']);
  return c.oneIn(2) ? open.repeat(n) + middle + close.repeat(n) : open.repeat(n) + middle;
}

/** Applies one random edit to a text. */
export function mutate(c: Choices, text: string): string {
  const at = () => c.int(0, text.length);
  const range = (): [number, number] => {
    const start = at();
    return [start, Math.min(text.length, start + c.int(1, 12))];
  };
  switch (c.int(0, 11)) {
    case 0: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 1: {
      const i = at();
      return text.slice(0, i) + randomChar(c) + text.slice(i);
    }
    case 2: {
      const [a, b] = range();
      return text.slice(0, a) + text.slice(b);
    }
    case 3: {
      const [a, b] = range();
      return text.slice(0, b) + text.slice(a, b) + text.slice(b);
    }
    case 4: {
      const [a, b] = range();
      const [x, y] = range();
      if (b <= x) return text.slice(0, a) + text.slice(x, y) + text.slice(b, x) + text.slice(a, b) + text.slice(y);
      return text.slice(0, a) + text.slice(a, b).split('').reverse().join('') + text.slice(b);
    }
    case 5:
    case 6: {
      const tokens = text.match(TOKEN) ?? [];
      if (tokens.length === 0) return randomChar(c);
      const i = c.int(0, tokens.length - 1);
      const j = c.int(0, tokens.length - 1);
      const op = c.int(0, 3);
      if (op === 0) tokens.splice(i, 1);
      else if (op === 1) tokens.splice(i, 0, tokens[i]!);
      else if (op === 2) [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
      else tokens.splice(i, 0, c.pick([...LAYER_KEYWORDS, '=>', '*', '?', '[', ']', 'let', 'x', '(', ')', ',', '=', '-', '{', '|', '}']));
      return tokens.join('');
    }
    case 7: {
      const tokens = text.match(TOKEN) ?? [];
      const numbers = tokens.map((t, i) => (/^\d/.test(t) ? i : -1)).filter((i) => i >= 0);
      if (numbers.length === 0) return text + longNumber(c);
      tokens[c.pick(numbers)] = c.pick([longNumber(c), '0', '-1', '0.5', '1e3', '-0', '00', '2.0']);
      return tokens.join('');
    }
    case 8: {
      const i = at();
      return text.slice(0, i) + nesting(c) + text.slice(i);
    }
    case 9:
      return text.slice(0, at());
    case 10: {
      const i = at();
      return text.slice(0, i) + longNumber(c) + text.slice(i);
    }
    default: {
      // Replace line endings, or add unicode around words.
      return c.oneIn(2) ? text.replace(/\n/g, c.pick(['\r', '\r\n', '\u2028', ''])) : text.replace(/\s/, c.pick(STRANGE));
    }
  }
}
