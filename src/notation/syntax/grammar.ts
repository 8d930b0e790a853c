// The grammar, as a chevrotain parser with embedded actions: each rule returns its AST node
// (notation/ast.ts) directly. A CST and a separate visitor cost twice the time and three times the
// memory on 100,000-layer files; chevrotain's docs recommend embedded actions where speed matters.
// AST building is skipped while chevrotain records the grammar (RECORDING_PHASE, see RECORDING); the
// rest of what is done for speed is in fast-parser.ts. See grammar/README.md for the same grammar
// written for users.
//
//   file        := (letStatement | pipeline)*
//   letStatement:= 'let' 'shared'? Identifier ('(' Identifier (',' Identifier)* ')')? '=' (expression | pipeline)
//   pipeline    := element (Arrow element)*
//   element     := (Identifier ':')? primary ('*' count | '?')*
//   primary     := group | branches | TensorRef | layer
//   group       := '[' pipeline ']'
//   branches    := '{' pipeline (('|' | '+' | '&' | '/') pipeline)* '}'
//   layer       := Identifier ('-' factor)? ('(' argList? ')')? ('[' Dims ']' | Dims)?
//   argList     := arg (',' arg)* ;  arg := (Identifier '=')? (expression | TensorRef)
//   count       := NumberLiteral | Identifier | '(' expression ')'
//   expression  := term (('+' | '-') term)* ;  term := factor (('*' | '/') factor)*
//   factor      := '-' factor | NumberLiteral | Identifier | '(' expression ')'

import type { IOrAlt, IToken, ParserMethod, TokenType } from 'chevrotain';
import { START_SPAN, type Span } from '../../diagnostics/span.js';
import { IDENTITY_NAME, isLayerName } from '../../layers/names.js';
import * as A from '../ast.js';
import { FastParser, RECORDING, type ParserOptions } from './fast-parser.js';
import { looksLikeExpression } from './let-value.js';
import { LOOKAHEAD, PREDICATED } from './lookahead-table.js';
import { errorMessageProvider } from './parse-errors.js';
import * as T from './tokens.js';

function parseDims(t: IToken): readonly [number, number, number] {
  const [w, h, d] = t.image.split(/[xX]/).map((s) => Number(s.trim()));
  return [w!, h!, d!];
}

/** A literal's node. A fraction's (DROPOUT(0.2), BN(eps=1e-3)) has its fields in another order,
 *  so that V8 gives it another hidden class: sharing one, the first fraction would turn `value`
 *  into a boxed double field in every literal, and so every size, count and figure computed from
 *  the literals into a fresh heap number at each step of the interpreter (cold code, the whole of
 *  a short run such as a table): 1.3 MB of EfficientNetV2-S's table's 6.2 MB of garbage. */
function numberExpr(t: IToken, span: Span): A.NumberExpr {
  const value = Number(t.image);
  return Number.isInteger(value) ? { kind: 'number', value, text: t.image, span } : { kind: 'number', text: t.image, span, value };
}

function binary(op: IToken, left: A.Expr, right: A.Expr): A.Expr {
  return { kind: 'binary', op: op.image as A.BinaryExpr['op'], left, right, span: { start: left.span.start, end: right.span.end } };
}

/** A name with its optional parts, as the element it is: ID, a binding's use or a layer. */
function layerNode(name: IToken, nameSpan: Span, dash: A.Expr | null, args: A.Arg[] | null, dims: IToken | null, span: Span): A.LayerElement | A.RefElement | A.IdentityElement {
  const plain = dash === null && dims === null;
  if (plain && args === null && name.image.toUpperCase() === IDENTITY_NAME) return { kind: 'identity', span };
  if (plain && !isLayerName(name.image)) return { kind: 'ref', name: name.image, args, span };
  return { kind: 'layer', name: name.image, nameSpan, dash, args: args ?? [], dims: dims ? parseDims(dims) : null, span };
}

export type Statement = A.LetStatement | A.Pipeline;

/** What an expression rule returns when error recovery gives up on it, so that the actions around it
 *  (binary() reads both operands' spans) never see undefined. An AST with errors is never returned. */
const RECOVERED_EXPR: A.Expr = { kind: 'number', value: 0, text: '0', span: START_SPAN };
const EXPR_RECOVERY = { recoveryValueFunc: (): A.Expr => RECOVERED_EXPR };

export class NotationParser extends FastParser {
  constructor(options: ParserOptions) {
    super(T.allTokens, LOOKAHEAD, PREDICATED, options, { errorMessageProvider });
    this.performSelfAnalysis(); // must come last: it analyses the rules defined above
  }

  file = this.RULE('file', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY(() => {
      const s = this.OR([{ ALT: () => this.SUBRULE(this.letStatement) }, { ALT: () => this.SUBRULE(this.pipeline) }]);
      if (!this.RECORDING_PHASE) statements.push(s);
    });
    return statements;
  });

  letStatement = this.RULE('letStatement', (): A.LetStatement => {
    this.CONSUME(T.Let);
    const first = this.last();
    const shared = this.OPTION5(this.sharedModifier) ?? false;
    const name = this.CONSUME(T.Identifier);
    const nameAt = this.last();
    let params: { name: string; span: Span }[] | null = null;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      if (!this.RECORDING_PHASE) params = [];
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          const p = this.CONSUME2(T.Identifier);
          if (!this.RECORDING_PHASE) params!.push({ name: p.image, span: this.spanOf(this.last()) });
        },
      });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.Equals);
    const value = this.OR2([
      { GATE: () => looksLikeExpression((i) => this.LA(i)), ALT: () => this.SUBRULE(this.expression) },
      { ALT: () => this.SUBRULE(this.pipeline) },
    ]);
    return this.RECORDING_PHASE ? RECORDING : ({ kind: 'let', name: name.image, nameSpan: this.spanOf(nameAt), params, shared, value, span: this.spanFrom(first) } as A.LetStatement);
  });

  /** `shared` in `let shared tower = ...`: a word, not a keyword, so `let shared = 2` still binds it. */
  private readonly sharedModifier = {
    GATE: (): boolean => this.LA(1).image.toLowerCase() === 'shared' && this.LA(2).tokenType === T.Identifier,
    DEF: (): boolean => {
      this.CONSUME3(T.Identifier);
      return true;
    },
  };

  pipeline = this.RULE('pipeline', (): A.Pipeline => {
    const first = this.last() + 1;
    const elements = [this.SUBRULE(this.element)];
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      const el = this.SUBRULE2(this.element);
      if (!this.RECORDING_PHASE) elements.push(el);
    });
    return this.RECORDING_PHASE ? RECORDING : ({ kind: 'pipeline', elements, span: this.spanFrom(first) } as A.Pipeline);
  });

  element = this.RULE('element', (): A.Element => {
    const first = this.last() + 1;
    const label = this.OPTION(this.labelPrefix) ?? null; // the index of the name's token
    let result = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Star);
            const count = this.SUBRULE(this.count);
            if (!this.RECORDING_PHASE) result = { kind: 'repeat', body: result, count, span: this.spanFrom(first) };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Question);
            if (!this.RECORDING_PHASE) result = { kind: 'optional', body: result, span: this.spanFrom(first) };
          },
        },
      ]);
    });
    if (label === null || this.RECORDING_PHASE) return result;
    return { kind: 'label', name: this.input[label]!.image, nameSpan: this.spanOf(label), body: result, span: this.spanFrom(first) };
  });

  /** `skip:` in `skip: CONV3-64`: a name followed by ':'. */
  private readonly labelPrefix = {
    GATE: (): boolean => this.LA(2).tokenType === T.Colon,
    DEF: (): number => {
      this.CONSUME(T.Identifier);
      const name = this.last();
      this.CONSUME(T.Colon);
      return name;
    },
  };

  count = this.RULE('count', (): A.Expr => this.OR(this.operandAlternatives), EXPR_RECOVERY);

  /** A number, a name or a parenthesised expression: a repeat count, and (with unary minus) a factor. */
  private readonly operandAlternatives: IOrAlt<A.Expr>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.NumberLiteral);
        return this.RECORDING_PHASE ? RECORDING : numberExpr(t, this.spanOf(this.last()));
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Identifier);
        return this.RECORDING_PHASE ? RECORDING : { kind: 'name', name: t.image, span: this.spanOf(this.last()) };
      },
    },
    {
      ALT: () => {
        this.CONSUME(T.LParen);
        const open = this.last();
        const inner = this.SUBRULE(this.expression);
        this.CONSUME(T.RParen);
        return this.RECORDING_PHASE ? RECORDING : { ...inner, span: this.spanFrom(open) };
      },
    },
  ];

  primary = this.RULE('primary', (): A.Element => this.OR(this.primaryAlternatives));

  private readonly primaryAlternatives: IOrAlt<A.Element>[] = [
    { ALT: () => this.SUBRULE(this.group) },
    { ALT: () => this.SUBRULE(this.branches) },
    { ALT: () => this.tensorRef() },
    { ALT: () => this.SUBRULE(this.layer) },
  ];

  group = this.RULE('group', (): A.GroupElement => {
    this.CONSUME(T.LBracket);
    const first = this.last();
    const body = this.SUBRULE(this.pipeline);
    this.CONSUME(T.RBracket);
    return this.RECORDING_PHASE ? RECORDING : ({ kind: 'group', body, span: this.spanFrom(first) } as A.GroupElement);
  });

  branches = this.RULE('branches', (): A.BranchElement => {
    this.CONSUME(T.LBrace);
    const first = this.last();
    const branches = [this.SUBRULE(this.pipeline)];
    const separators: { text: A.BraceSeparator; span: Span }[] = [];
    this.MANY(() => {
      const sep = this.OR(this.separatorAlternatives);
      const sepAt = this.last();
      const branch = this.SUBRULE2(this.pipeline);
      if (!this.RECORDING_PHASE) {
        separators.push({ text: sep.image as A.BraceSeparator, span: this.spanOf(sepAt) });
        branches.push(branch);
      }
    });
    this.CONSUME(T.RBrace);
    return this.RECORDING_PHASE ? RECORDING : ({ kind: 'branch', merge: A.MERGE_OF[separators[0]?.text ?? '|'], branches, separators, span: this.spanFrom(first) } as A.BranchElement);
  });

  private readonly separatorAlternatives: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Pipe) },
    { ALT: () => this.CONSUME(T.Plus) },
    { ALT: () => this.CONSUME(T.Amp) },
    { ALT: () => this.CONSUME(T.Slash) },
  ];

  layer = this.RULE('layer', (): A.LayerElement | A.RefElement | A.IdentityElement => {
    const name = this.CONSUME(T.Identifier);
    const nameAt = this.last();
    const dash = this.OPTION(this.dashValue) ?? null;
    const args = this.OPTION2(this.argumentList) ?? null;
    const dims = this.OPTION4(this.shape) ?? null;
    return this.RECORDING_PHASE ? RECORDING : layerNode(name, this.spanOf(nameAt), dash, args, dims, this.spanFrom(nameAt));
  });

  /** `-64` in CONV3-64. */
  private readonly dashValue = (): A.Expr => {
    this.CONSUME(T.Minus);
    return this.SUBRULE(this.factor);
  };

  /** `(f=3, k=64)`, possibly empty. */
  private readonly argumentList = (): A.Arg[] => {
    this.CONSUME(T.LParen);
    const args = this.OPTION3(() => this.SUBRULE(this.argList)) ?? [];
    this.CONSUME(T.RParen);
    return args;
  };

  /** INPUT's `[224x224x3]` or `224x224x3`. '[' starts a shape only when a shape follows: after
   *  `let b = RELU`, '[INPUT ...' is the network. */
  private readonly shape = {
    GATE: (): boolean => this.LA(1).tokenType !== T.LBracket || this.LA(2).tokenType === T.Dims,
    DEF: (): IToken => this.OR(this.shapeAlternatives),
  };

  private readonly shapeAlternatives: IOrAlt<IToken>[] = [
    {
      ALT: () => {
        this.CONSUME(T.LBracket);
        const dims = this.CONSUME(T.Dims);
        this.CONSUME(T.RBracket);
        return dims;
      },
    },
    { ALT: () => this.CONSUME2(T.Dims) },
  ];

  argList = this.RULE('argList', (): A.Arg[] => {
    const args: A.Arg[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const a = this.SUBRULE(this.arg);
        if (!this.RECORDING_PHASE) args.push(a);
      },
    });
    return args;
  });

  arg = this.RULE('arg', (): A.Arg => {
    const first = this.last() + 1;
    const key = this.OPTION(this.argKey) ?? null; // the index of the key's token
    const value = this.OR(this.argValueAlternatives);
    if (this.RECORDING_PHASE) return RECORDING;
    return { key: key === null ? null : this.input[key]!.image, keySpan: key === null ? null : this.spanOf(key), value, span: this.spanFrom(first) };
  });

  /** An argument's value: an expression, or a labelled tensor (UNPOOL(@p1)). */
  private readonly argValueAlternatives: IOrAlt<A.Expr | A.TensorElement>[] = [
    { ALT: () => this.SUBRULE(this.expression) },
    { ALT: () => this.tensorRef() },
  ];

  private tensorRef(): A.TensorElement {
    const t = this.CONSUME(T.TensorRef);
    return this.RECORDING_PHASE ? RECORDING : { kind: 'tensor', name: t.image.slice(1), span: this.spanOf(this.last()) };
  }

  /** `f=` in `f=3`: a name followed by '='. */
  private readonly argKey = {
    GATE: (): boolean => this.LA(2).tokenType === T.Equals,
    DEF: (): number => {
      this.CONSUME(T.Identifier);
      const key = this.last();
      this.CONSUME(T.Equals);
      return key;
    },
  };

  expression = this.RULE('expression', (): A.Expr => this.leftAssociative(this.term, T.Plus, T.Minus), EXPR_RECOVERY);

  term = this.RULE('term', (): A.Expr => this.leftAssociative(this.factor, T.Star, T.Slash), EXPR_RECOVERY);

  /** `operand (op operand)*` with two operators, grouped to the left: 8-2-1 is (8-2)-1. */
  private leftAssociative(operand: ParserMethod<[], A.Expr>, op1: TokenType, op2: TokenType): A.Expr {
    let result = this.SUBRULE(operand);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(op1) }, { ALT: () => this.CONSUME(op2) }]);
      const right = this.SUBRULE2(operand);
      if (!this.RECORDING_PHASE) result = binary(op, result, right);
    });
    return result;
  }

  factor = this.RULE('factor', (): A.Expr => this.OR(this.factorAlternatives), EXPR_RECOVERY);

  private readonly factorAlternatives: IOrAlt<A.Expr>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Minus);
        const minus = this.last();
        const operand = this.SUBRULE(this.factor);
        return this.RECORDING_PHASE ? RECORDING : ({ kind: 'negate', operand, span: this.spanFrom(minus) } as A.Expr);
      },
    },
    ...this.operandAlternatives,
  ];
}
