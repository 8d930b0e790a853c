// The grammar, as a chevrotain CST parser: syntax only, no semantics. See grammar/README.md for the
// same grammar written for users, and notation/to-ast.ts for what each rule means.
//
//   file        := (letStatement | pipeline)*
//   letStatement:= 'let' Identifier ('(' Identifier (',' Identifier)* ')')? '=' (expression | pipeline)
//   pipeline    := element (Arrow element)*
//   element     := primary ('*' count | '?')*
//   primary     := group | branches | layer
//   group       := '[' pipeline ']'
//   branches    := '{' pipeline (('|' | '+') pipeline)* '}'
//   layer       := Identifier ('-' factor)? ('(' argList? ')')? ('[' Dims ']' | Dims)?
//   argList     := arg (',' arg)* ;  arg := (Identifier '=')? expression
//   count       := NumberLiteral | Identifier | '(' expression ')'
//   expression  := term (('+' | '-') term)* ;  term := factor (('*' | '/') factor)*
//   factor      := '-' factor | NumberLiteral | Identifier | '(' expression ')'

import { CstParser, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { errorMessageProvider } from './parse-errors.js';
import { isLayerName } from '../layers/names.js';

const EXPRESSION_OPERATORS: readonly TokenType[] = [T.Plus, T.Minus, T.Star, T.Slash];

export class NotationParser extends CstParser {
  constructor(options: { validate: boolean }) {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'full',
      maxLookahead: 2,
      skipValidations: !options.validate,
      errorMessageProvider,
    });
    this.performSelfAnalysis(); // must come last: it analyses the rules defined above
  }

  file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.letStatement) },
        { ALT: () => this.SUBRULE(this.pipeline) },
      ]);
    });
  });

  letStatement = this.RULE('letStatement', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier, { LABEL: 'param' }) });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.Equals);
    this.OR([
      { GATE: () => this.looksLikeExpression(), ALT: () => this.SUBRULE(this.expression) },
      { ALT: () => this.SUBRULE(this.pipeline) },
    ]);
  });

  pipeline = this.RULE('pipeline', () => {
    this.SUBRULE(this.element);
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE2(this.element);
    });
  });

  element = this.RULE('element', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.repeat) },
        { ALT: () => this.CONSUME(T.Question) },
      ]);
    });
  });

  repeat = this.RULE('repeat', () => {
    this.CONSUME(T.Star);
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.group) },
      { ALT: () => this.SUBRULE(this.branches) },
      { ALT: () => this.SUBRULE(this.layer) },
    ]);
  });

  group = this.RULE('group', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.pipeline);
    this.CONSUME(T.RBracket);
  });

  branches = this.RULE('branches', () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.pipeline);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Pipe) }, { ALT: () => this.CONSUME(T.Plus) }]);
      this.SUBRULE2(this.pipeline);
    });
    this.CONSUME(T.RBrace);
  });

  layer = this.RULE('layer', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Minus);
      this.SUBRULE(this.factor, { LABEL: 'dash' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.LParen);
      this.OPTION3(() => this.SUBRULE(this.argList));
      this.CONSUME(T.RParen);
    });
    this.OPTION4(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.CONSUME(T.Dims);
            this.CONSUME(T.RBracket);
          },
        },
        { ALT: () => this.CONSUME2(T.Dims) },
      ]);
    });
  });

  argList = this.RULE('argList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.arg) });
  });

  arg = this.RULE('arg', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Equals,
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'key' });
        this.CONSUME(T.Equals);
      },
    });
    this.SUBRULE(this.expression);
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.term);
    });
  });

  term = this.RULE('term', () => {
    this.SUBRULE(this.factor);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.factor);
    });
  });

  factor = this.RULE('factor', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.factor);
        },
      },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /**
   * Decides whether the right-hand side of a `let` is an integer expression or a pipeline, before
   * parsing it: `let N = 2*M` and `let b = FC-10` differ only in whether the names are layer names,
   * and `let b = blk*2` (a pipeline binding repeated) is sorted out at expansion, where bindings are known.
   * Scans one expression's worth of tokens; a layer name, an arrow or `?` after it means pipeline.
   */
  private looksLikeExpression(): boolean {
    let i = 1;
    let depth = 0;
    let expectOperand = true;
    for (;; i++) {
      const token: IToken = this.LA(i);
      const type = token.tokenType;
      if (expectOperand) {
        if (type === T.Minus) continue;
        if (type === T.LParen) depth++;
        else if (type === T.NumberLiteral) expectOperand = false;
        else if (type === T.Identifier) {
          if (isLayerName(token.image)) return false;
          expectOperand = false;
        } else return false;
      } else if (type === T.RParen && depth > 0) depth--;
      else if (EXPRESSION_OPERATORS.includes(type)) expectOperand = true;
      else break;
    }
    const next = this.LA(i).tokenType;
    return depth === 0 && next !== T.Arrow && next !== T.FatArrow && next !== T.ThinArrow && next !== T.Question;
  }
}
