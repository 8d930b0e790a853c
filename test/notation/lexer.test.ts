// The hand-written lexer against chevrotain's own Lexer built from the same token definitions:
// same token types, images and positions on a sample of every token kind.
import { Lexer } from 'chevrotain';
import { expect, it } from 'vitest';
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

const shape = (t: { tokenType: { name: string }; image: string; startOffset: number; startLine?: number; startColumn?: number; endColumn?: number }) =>
  [t.tokenType.name, t.image, t.startOffset, t.startLine, t.startColumn, t.endColumn];

it.each(samples)('lexes like chevrotain: %j', (text) => {
  const ours = lex(text);
  const theirs = viaChevrotain(text);
  expect(ours.tokens.map(shape)).toEqual(theirs.tokens.map(shape));
  expect(ours.comments.map(shape)).toEqual(theirs.comments.map(shape));
  expect(ours.errors).toEqual([]);
});

it('reports a run of unknown characters once, with its position', () => {
  expect(lex('INPUT\n  %% => RELU').errors).toEqual([{ offset: 8, line: 2, column: 3, length: 2 }]);
});
