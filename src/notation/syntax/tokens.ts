// The vocabulary of the notation. Layer names (CONV, POOL, RELU, ...) are not keywords here: they
// lex as identifiers and are resolved against the layer registry when the AST is built, so that an
// unknown name gets a "did you mean" suggestion instead of a bare syntax error, and so that adding a
// layer kind never touches the lexer.
//
// Order matters: chevrotain tries patterns in the order of `allTokens`, first match wins.
// - `=>` and `->` come before `=` and `-` (both arrows belong to the category Arrow).
// - Dims (`224x224x3`) comes before Number, or `224` would match first and `x224x3` become a name.
// - `let` comes before Identifier and names Identifier as its longer_alt, so `letters` stays a name.

import { createToken, Lexer, type TokenType } from 'chevrotain';

// lexer.ts scans the text by hand (see why there); `allTokens` and the patterns here remain the
// vocabulary's definition for the parser, the grammar diagram and the lexer test that compares the two.

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

export const Arrow = createToken({ name: 'Arrow', pattern: Lexer.NA });
export const FatArrow = createToken({ name: 'FatArrow', pattern: /=>/, categories: Arrow, label: "'=>'" });
export const ThinArrow = createToken({ name: 'ThinArrow', pattern: /->/, categories: Arrow, label: "'->'" });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });
export const Let = createToken({ name: 'Let', pattern: /let/i, longer_alt: Identifier, label: "'let'" });

export const Dims = createToken({
  name: 'Dims',
  pattern: /\d+[ \t]*[xX][ \t]*\d+[ \t]*[xX][ \t]*\d+/,
  label: 'a shape such as 224x224x3',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/,
  label: 'a number',
});

export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Question = createToken({ name: 'Question', pattern: /\?/, label: "'?'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /}/, label: "'}'" });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, label: "'|'" });
// notation version 3: `{ A & B }` multiplies, `name: E` names a tensor, `@name` refers to it
export const Amp = createToken({ name: 'Amp', pattern: /&/, label: "'&'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const TensorRef = createToken({ name: 'TensorRef', pattern: /@[A-Za-z_][A-Za-z0-9_]*/, label: 'a tensor reference such as @skip' });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  FatArrow,
  ThinArrow,
  Arrow,
  Let,
  Identifier,
  Dims,
  NumberLiteral,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Equals,
  Star,
  Slash,
  Plus,
  Minus,
  Question,
  LBrace,
  RBrace,
  Pipe,
  Amp,
  Colon,
  TensorRef,
];
