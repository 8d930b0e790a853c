// The hand-written lexer against chevrotain's own Lexer built from the same token definitions:
// same token types, images and positions on a sample of every token kind. Our tokens carry offsets;
// their lines and columns come from the line index the lexer returns.
import { Lexer } from 'chevrotain';
import { expect, it } from 'vitest';
import type { LineIndex } from '../../src/diagnostics/line-index.js';
import { lex } from '../../src/notation/lexer.js';
import { allTokens } from '../../src/notation/tokens.js';

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
const ourShape = (lines: LineIndex) => (t: Token) => {
  const start = lines.position(t.startOffset);
  return [t.tokenType.name, t.image, t.startOffset, start.line, start.column, lines.position(t.endOffset!).column];
};

it.each([...samples, 'INPUT [8x8x1]\r=> RELU # a\r\r=> FC-10'])('lexes like chevrotain: %j', (text) => {
  const ours = lex(text);
  const theirs = viaChevrotain(text);
  expect(ours.tokens.map(ourShape(ours.lines))).toEqual(theirs.tokens.map(theirShape));
  expect(ours.comments.map(ourShape(ours.lines))).toEqual(theirs.comments.map(theirShape));
  expect(ours.errors).toEqual([]);
});

it('reports a run of unknown characters once, with its position', () => {
  expect(lex('INPUT\n  %% => RELU').errors).toEqual([{ offset: 8, line: 2, column: 3, length: 2 }]);
});
