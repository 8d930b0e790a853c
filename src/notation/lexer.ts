// The lexer: source text -> chevrotain tokens, written by hand. chevrotain's Lexer analyses every
// regular expression when it is built, which cost more than lexing and parsing VGG16 together; this
// scanner makes the same tokens (tokens.ts) with the same positions in one pass.

import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

export interface LexError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: LexError[];
}

const PUNCTUATION: Readonly<Record<string, TokenType>> = {
  '[': T.LBracket,
  ']': T.RBracket,
  '(': T.LParen,
  ')': T.RParen,
  '{': T.LBrace,
  '}': T.RBrace,
  ',': T.Comma,
  '*': T.Star,
  '/': T.Slash,
  '+': T.Plus,
  '?': T.Question,
  '|': T.Pipe,
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Length of a number literal at `i`: 12, 0.5, 1e-4. */
function numberLength(text: string, i: number): number {
  let j = i;
  while (isDigit(text[j])) j++;
  if (text[j] === '.' && isDigit(text[j + 1])) for (j++; isDigit(text[j]); ) j++;
  if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1]) || ((text[j + 1] === '-' || text[j + 1] === '+') && isDigit(text[j + 2])))) {
    for (j += 2; isDigit(text[j]); ) j++;
  }
  return j - i;
}

/** Length of a shape 224x224x3 (spaces or tabs allowed around each x) at `i`, or 0. */
function dimsLength(text: string, i: number): number {
  let j = i;
  for (let part = 0; part < 3; part++) {
    if (part > 0) {
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] !== 'x' && text[j] !== 'X') return 0;
      j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
    }
    if (!isDigit(text[j])) return 0;
    while (isDigit(text[j])) j++;
  }
  return j - i;
}

function tokenAt(text: string, i: number): { type: TokenType | null; length: number } {
  const c = text[i]!;
  const next = text[i + 1];
  if (c === '=' ) return next === '>' ? { type: T.FatArrow, length: 2 } : { type: T.Equals, length: 1 };
  if (c === '-') return next === '>' ? { type: T.ThinArrow, length: 2 } : { type: T.Minus, length: 1 };
  if (c === '#') {
    const end = text.indexOf('\n', i);
    return { type: T.Comment, length: (end < 0 ? text.length : end) - i };
  }
  if (isDigit(c)) {
    const dims = dimsLength(text, i);
    return dims > 0 ? { type: T.Dims, length: dims } : { type: T.NumberLiteral, length: numberLength(text, i) };
  }
  if (isNameStart(c)) {
    let j = i + 1;
    while (isNamePart(text[j])) j++;
    const isLet = j - i === 3 && text.slice(i, j).toLowerCase() === 'let';
    return { type: isLet ? T.Let : T.Identifier, length: j - i };
  }
  return { type: PUNCTUATION[c] ?? null, length: 1 };
}

export function lex(text: string): LexResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: LexError[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const { type, length } = tokenAt(text, i);
    const column = i - lineStart + 1;
    if (!type) {
      const previous = errors[errors.length - 1];
      // A run of unknown characters is one error.
      if (previous && previous.offset + previous.length === i) errors[errors.length - 1] = { ...previous, length: previous.length + 1 };
      else errors.push({ offset: i, line, column, length: 1 });
      i++;
      continue;
    }
    const token = createTokenInstance(type, text.slice(i, i + length), i, i + length - 1, line, line, column, column + length - 1);
    (type === T.Comment ? comments : tokens).push(token);
    i += length;
  }
  return { tokens, comments, errors };
}
