// docs/lint.md is generated from the rules' docs and must never drift from them.
// Regenerate: CNNCALC_WRITE_LINT_DOCS=1 npx vitest run test/lint/docs.test.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lintDocsMarkdown } from '../../src/lint/explain.js';
import { ROOT } from '../helpers.js';

const path = join(ROOT, 'docs', 'lint.md');

it('docs/lint.md is what the rules document (CNNCALC_WRITE_LINT_DOCS=1 npx vitest run test/lint/docs.test.ts)', () => {
  const generated = lintDocsMarkdown();
  if (process.env['CNNCALC_WRITE_LINT_DOCS'] === '1') {
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    writeFileSync(path, generated);
  }
  expect(readFileSync(path, 'utf8')).toBe(generated);
});
