// --explain and docs/budget.md say the same thing: the docs hold the text verbatim.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { EXPLAIN } from '../../src/budget/explain.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

it('docs/budget.md contains the --explain text verbatim', () => {
  const docs = readFileSync(`${ROOT}docs/budget.md`, 'utf8');
  expect(docs).toContain('```text\n' + EXPLAIN + '```');
});

it("docs/budget.md's worked example is what the command prints", async () => {
  const docs = readFileSync(`${ROOT}docs/budget.md`, 'utf8');
  const command = 'cnncalc budget examples/vgg16.cnn --optimizer adam --device V100-16GB --max-batch';
  const at = docs.indexOf(`    ${command}\n\n\`\`\`text\n`);
  expect(at, 'the worked example names its command').toBeGreaterThan(0);
  const from = docs.indexOf('```text\n', at) + '```text\n'.length;
  const shown = docs.slice(from, docs.indexOf('```', from));
  const run = await cli(command.split(' ').slice(1).map((a) => (a.startsWith('examples/') ? `${ROOT}${a}` : a)));
  expect(shown).toBe(run.stdout.replaceAll(ROOT, ''));
});

it('the explanation names every term of the JSON', () => {
  for (const term of ['parameters', 'gradients', 'optimizer state', 'activations', 'backward peak', 'workspace', 'input', 'reserve', 'total']) {
    expect(EXPLAIN).toContain(term);
  }
});
