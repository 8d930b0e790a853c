// --explain and docs/budget.md say the same thing: the docs hold the text verbatim.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { EXPLAIN } from '../../src/budget/explain.js';
import { ROOT } from '../helpers.js';

it('docs/budget.md contains the --explain text verbatim', () => {
  const docs = readFileSync(`${ROOT}docs/budget.md`, 'utf8');
  expect(docs).toContain('```text\n' + EXPLAIN + '```');
});

it('the explanation names every term of the JSON', () => {
  for (const term of ['parameters', 'gradients', 'optimizer state', 'activations', 'backward peak', 'workspace', 'input', 'reserve', 'total']) {
    expect(EXPLAIN).toContain(term);
  }
});
