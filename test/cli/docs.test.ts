// The README's option tables are generated from the commands' declarations (npm run docs).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { updateReadme } from '../../src/cli/docs.js';
import { ROOT } from '../helpers.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');

it('README.md has the current option table of every command (run npm run docs)', () => {
  expect(updateReadme(readme)).toBe(readme);
});

it.each(COMMANDS.filter((c) => !c.summary.startsWith('Not available')).map((c) => c.name))('README.md documents cnncalc %s with its option table', (name) => {
  expect(readme).toContain(`<!-- options:${name} -->`);
});
