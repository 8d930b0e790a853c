// The hand-written lexer against chevrotain's own Lexer built from the same token definitions:
// same token types, images and positions on a sample of every token kind. Our tokens carry offsets;
// their lines and columns come from the line index the lexer returns.
import { Lexer } from 'chevrotain';
import { expect, it } from 'vitest';
import type { LineIndex } from '../../src/diagnostics/line-index.js';
import { lex } from '../../src/notation/syntax/lexer.js';
import { allTokens } from '../../src/notation/syntax/tokens.js';

const samples = [
  'let N = 2\nlet block = [CONV3-64 => RELU]*2 => POOL2\r\nINPUT [224x224x3] => block -> FC(n=1000) # c\n',
  'INPUT 32 x 32\tx 3 => CONV(f=11, k=96, s=4, p=0)? => LRN(size=5, alpha=1e-4, beta=0.75) => DROPOUT(0.5)',
  '{ A | B + C } letters LET Let let_ _x 007 1.5e3 2x3 -> => - = / *',
];

function viaChevrotain(text: string) {
  const result = new Lexer(allTokens, { positionTracking: 'full' }).tokenize(text);
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [] };
}

type Token = { tokenType: { name: string }; image: string; startOffset: number; endOffset?: number; startLine?: number; startColumn?: number; endColumn?: number };
const theirShape = (t: Token) => [t.tokenType.name, t.image, t.startOffset, t.startLine, t.startColumn, t.endColumn];
/** Our token with its position: from its own offsets (unique tokens) or from the offset arrays. */
const ourShape = (lines: LineIndex, t: Token, start = t.startOffset, end = t.endOffset! + 1) => {
  const from = lines.position(start);
  return [t.tokenType.name, t.image, start, from.line, from.column, lines.position(end - 1).column];
};

it.each([...samples, 'INPUT [8x8x1]\r=> RELU # a\r\r=> FC-10'])('lexes like chevrotain: %j', (text) => {
  const theirs = viaChevrotain(text);
  const unique = lex(text, { unique: true });
  expect(unique.tokens.map((t) => ourShape(unique.lines, t))).toEqual(theirs.tokens.map(theirShape));
  expect(unique.comments.map((t) => ourShape(unique.lines, t))).toEqual(theirs.comments.map(theirShape));
  expect(unique.errors).toEqual([]);
  const shared = lex(text);
  expect(shared.tokens.map((t, i) => ourShape(shared.lines, t, shared.starts[i], shared.ends[i]))).toEqual(theirs.tokens.map(theirShape));
  expect(shared.comments.map((t) => ourShape(shared.lines, t))).toEqual(theirs.comments.map(theirShape));
});

it('shares one token object per text', () => {
  const { tokens } = lex('INPUT [8x8x1] => RELU => RELU => FC-10');
  expect(tokens[5]).toBe(tokens[7]); // RELU, RELU
  expect(tokens[4]).toBe(tokens[6]); // =>, =>
  expect(new Set(tokens).size).toBe(9); // INPUT [ 8x8x1 ] => RELU FC - 10
});

it('reports a run of unknown characters once, with its position', () => {
  expect(lex('INPUT\n  %% => RELU').errors).toEqual([{ offset: 8, line: 2, column: 3, length: 2 }]);
});
