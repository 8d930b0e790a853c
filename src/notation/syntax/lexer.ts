// The lexer: source text -> chevrotain tokens, written by hand. chevrotain's Lexer analyses every
// regular expression when it is built, which cost more than lexing and parsing VGG16 together; this
// scanner makes the same tokens (tokens.ts) with the same positions in one pass over char codes.
//
// Positions live beside the tokens, in two arrays of offsets (`starts`, `ends`); lines and columns
// come from the line index (diagnostics/line-index.ts) when a span is read. The tokens themselves
// are shared by default: one object per distinct text ('=>', 'CONV3', '64'), since the parser reads
// only their type and image. A 100,000-layer file has 600,000 tokens, and an object for each, all
// alive until the parse ends, took longer to allocate and collect than the parse itself. With
// `unique`, every token is its own object with its offsets, for chevrotain's error reports, which
// name a token.
//
// Line ends are LF, CRLF and a lone CR, as editors count them.

import type { IToken, TokenType } from 'chevrotain';
import { LineIndex } from '../../diagnostics/line-index.js';
import * as T from './tokens.js';

export interface LexError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export interface LexResult {
  /** The tokens, shared per text unless lexed with `unique`. */
  readonly tokens: IToken[];
  /** Where tokens[i] starts, and where it ends (exclusive), as offsets into the text. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly comments: IToken[];
  readonly errors: LexError[];
  readonly lines: LineIndex;
}

/** A token: the fields of chevrotain's IToken that the parser reads, and its offsets (NaN for a
 *  shared token, which has none). */
function token(tokenType: TokenType, image: string, startOffset: number, endOffset: number): IToken {
  return { tokenType, tokenTypeIdx: tokenType.tokenTypeIdx!, image, startOffset, endOffset };
}

/** One token object per distinct text: the text decides the type, so the image is the key. */
class SharedTokens {
  private readonly byImage = new Map<string, IToken>();

  get(type: TokenType, image: string): IToken {
    let t = this.byImage.get(image);
    if (t === undefined) this.byImage.set(image, (t = token(type, image, NaN, NaN)));
    return t;
  }
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
  '&': T.Amp,
  ':': T.Colon,
};

const ARROW_IMAGES: Readonly<Record<number, string>> = { 61: '=>', 45: '->' };

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
const isNamePart = (c: number): boolean => isLetter(c) || isDigit(c);
const isX = (c: number): boolean => c === 120 || c === 88;

function skipDigits(text: string, j: number): number {
  while (isDigit(text.charCodeAt(j))) j++;
  return j;
}

/** End of a number literal starting at `i`: 12, 0.5, 1e-4. */
function numberEnd(text: string, i: number): number {
  let j = skipDigits(text, i);
  if (text.charCodeAt(j) === 46 /* . */ && isDigit(text.charCodeAt(j + 1))) j = skipDigits(text, j + 1);
  const e = text.charCodeAt(j);
  if (e === 101 || e === 69) {
    const sign = text.charCodeAt(j + 1);
    if (isDigit(sign)) j = skipDigits(text, j + 1);
    else if ((sign === 45 || sign === 43) && isDigit(text.charCodeAt(j + 2))) j = skipDigits(text, j + 2);
  }
  return j;
}

function skipBlanks(text: string, j: number): number {
  for (let c = text.charCodeAt(j); c === SPACE || c === TAB; c = text.charCodeAt(++j));
  return j;
}

/** End of a shape 224x224x3 (spaces or tabs allowed around each x) starting at `i`, or -1. */
function dimsEnd(text: string, i: number): number {
  let j = skipDigits(text, i);
  for (let part = 1; part < 3; part++) {
    j = skipBlanks(text, j);
    if (!isX(text.charCodeAt(j))) return -1;
    j = skipBlanks(text, j + 1);
    if (!isDigit(text.charCodeAt(j))) return -1;
    j = skipDigits(text, j);
  }
  return j;
}

function commentEnd(text: string, i: number): number {
  let j = i + 1;
  for (let c = text.charCodeAt(j); j < text.length && c !== LF && c !== CR; c = text.charCodeAt(++j));
  return j;
}

/** Reads one token at a time: `scan(i)` sets the type of the token starting at `i` (null for a
 *  character the notation lacks) and where it ends; fields rather than a returned object, since
 *  there is one call per token. */
class Scanner {
  type: TokenType | null = null;
  end = 0;
  constructor(private readonly text: string) {}

  scan(i: number): void {
    const text = this.text;
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === 61 /* = */) this.set(next === 62 ? T.FatArrow : T.Equals, next === 62 ? i + 2 : i + 1);
    else if (c === 45 /* - */) this.set(next === 62 ? T.ThinArrow : T.Minus, next === 62 ? i + 2 : i + 1);
    else if (c === 35 /* # */) this.set(T.Comment, commentEnd(text, i));
    else if (isDigit(c)) {
      const dims = dimsEnd(text, i);
      this.set(dims > 0 ? T.Dims : T.NumberLiteral, dims > 0 ? dims : numberEnd(text, i));
    } else if (isLetter(c)) {
      let j = i + 1;
      while (isNamePart(text.charCodeAt(j))) j++;
      const isLet = j - i === 3 && text.slice(i, j).toLowerCase() === 'let';
      this.set(isLet ? T.Let : T.Identifier, j);
    } else if (c === 64 /* @ */ && isLetter(next)) {
      let j = i + 2;
      while (isNamePart(text.charCodeAt(j))) j++;
      this.set(T.TensorRef, j);
    } else this.set(PUNCTUATION[text[i]!] ?? null, i + 1);
  }

  private set(type: TokenType | null, end: number): void {
    this.type = type;
    this.end = end;
  }
}

export function lex(text: string, options: { readonly unique?: boolean } = {}): LexResult {
  const tokens: IToken[] = [];
  // typed arrays sized for the worst case (a token per character): growing plain arrays one push at
  // a time cost more than the rest of the lexer on long files
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  const shared = options.unique ? null : new SharedTokens();
  const comments: IToken[] = [];
  const errors: LexError[] = [];
  const lineStarts = [0];
  const scanner = new Scanner(text);
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      lineStarts.push(i);
      continue;
    }
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    scanner.scan(i);
    const { type, end } = scanner;
    if (!type) {
      const previous = errors[errors.length - 1];
      // A run of unknown characters is one error.
      if (previous && previous.offset + previous.length === i) errors[errors.length - 1] = { ...previous, length: previous.length + 1 };
      else errors.push({ offset: i, line: lineStarts.length, column: i - lineStarts[lineStarts.length - 1]! + 1, length: 1 });
      i++;
      continue;
    }
    // one-character images come from V8's table of single-character strings: no allocation
    const image = end === i + 1 ? text[i]! : end === i + 2 && (type === T.FatArrow || type === T.ThinArrow) ? ARROW_IMAGES[c]! : text.slice(i, end);
    if (type === T.Comment) comments.push(token(type, image, i, end - 1));
    else {
      starts[tokens.length] = i;
      ends[tokens.length] = end;
      tokens.push(shared ? shared.get(type, image) : token(type, image, i, end - 1));
    }
    i = end;
  }
  return { tokens, starts: starts.subarray(0, tokens.length), ends: ends.subarray(0, tokens.length), comments, errors, lines: new LineIndex(lineStarts) };
}
