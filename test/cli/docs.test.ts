// The README's generated parts (option tables, counts, lists) are made from the code (npm run docs).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generatedParts, updateReadme } from '../../src/cli/docs.js';
import { RULES } from '../../src/lint/registry.js';
import { ROOT } from '../helpers.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');

it('README.md has every generated part as the code makes it (run npm run docs)', () => {
  expect(updateReadme(readme, ROOT)).toBe(readme);
});

it.each(Object.keys(generatedParts(ROOT)))('README.md has the generated part %s', (name) => {
  expect(readme).toContain(`<!-- ${name} -->`);
  expect(readme).toContain(`<!-- /${name} -->`);
});

it('a count that disagrees with the code is rewritten, so the check above fails on it', () => {
  const marked = `<!-- count:lint-rules -->${RULES.length}<!-- /count:lint-rules -->`;
  expect(readme).toContain(marked);
  const stale = readme.replace(marked, `<!-- count:lint-rules -->${RULES.length - 1}<!-- /count:lint-rules -->`);
  expect(updateReadme(stale, ROOT)).toBe(readme);
});

it.each(Object.entries(generatedParts(ROOT)).filter(([, part]) => !part.includes('\n')).map(([name]) => name))(
  'the inline part %s does not start a line (Markdown would read it as an HTML block, not prose)',
  (name) => {
    expect(readme).not.toMatch(new RegExp(`^<!-- ${name} -->`, 'm'));
  },
);
