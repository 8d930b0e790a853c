// Every example's `table` output, in every format, byte for byte as it was before the layer-kind
// renovation (issue 11): a refactoring must change no figure and no character. The numbers in these
// files are checked elsewhere against independent sources (test/analysis/published.test.ts,
// reference.test.ts); this test only holds the output still. After a deliberate change of output,
// regenerate with UPDATE_GOLDEN=1 npx vitest run test/golden, and read the diff.

import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
// Named relative to the repository (vitest's working directory), as a user types them: the path's
// length sets the width of `layers`' position column.
const relative = 'examples/';
const golden = fileURLToPath(new URL('./examples/', import.meta.url));
// table in every format, and the other commands whose figures the renovation must not move.
const RUNS: Readonly<Record<string, readonly string[]>> = {
  txt: ['table', '--format', 'text'],
  json: ['table', '--format', 'json'],
  md: ['table', '--format', 'markdown'],
  csv: ['table', '--format', 'csv'],
  notes: ['table', '--style', 'cs231n'],
  'budget.json': ['budget', '--batch', '8', '--json'],
  'budget-adam.txt': ['budget', '--batch', '2', '--optimizer', 'adam', '--explain'],
  'lint.json': ['lint', '--format', 'json'],
  'layers.txt': ['layers'],
};
const update = process.env['UPDATE_GOLDEN'] === '1';

describe('examples: output is unchanged', () => {
  const names = readdirSync(examples).filter((f) => f.endsWith('.cnn')).sort();
  it('has examples', () => expect(names.length).toBeGreaterThan(10));
  for (const name of names) {
    for (const [ext, [command, ...flags]] of Object.entries(RUNS)) {
      it(`${command} ${name} ${flags.join(' ')}`, async () => {
        const run = await cli([command!, `${relative}${name}`, ...flags]);
        const text = `exit ${run.code}\n${run.stdout}${run.stderr ? `--- stderr\n${run.stderr}` : ''}`;
        const file = `${golden}${name.replace(/\.cnn$/, '')}.${ext}`;
        if (update || !existsSync(file)) {
          mkdirSync(golden, { recursive: true });
          writeFileSync(file, text);
        }
        expect(text).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
