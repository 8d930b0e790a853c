// A second, independent check of the SARIF output: Microsoft's SARIF multitool `validate` command
// (the schema and the SARIF validation rules), run on the log of every example and bad fixture.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { lint, type LintedFile } from '../../src/lint/lint.js';
import { renderLintSarif } from '../../src/report/lint-sarif.js';
import { ROOT } from '../helpers.js';

function lintedFiles(): LintedFile[] {
  const paths = [
    ...readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.cnn')).map((f) => `examples/${f}`),
    ...readdirSync(join(ROOT, 'test', 'lint')).filter((f) => !f.includes('.')).map((f) => `test/lint/${f}/bad.cnn`),
  ];
  return paths.map((file) => {
    const source = readFileSync(join(ROOT, file), 'utf8');
    const compiled = compile(source);
    return { file, source, compileErrors: [], diagnostics: lint(compiled).diagnostics };
  });
}

it('the SARIF multitool validates the log without a single error or warning', () => {
  const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  try {
    accessSync(multitool, constants.X_OK);
  } catch {
    // The package's postinstall (chmod u+x) did not run, as with npm's install-scripts gate: do its job.
    chmodSync(multitool, statSync(multitool).mode | 0o100);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-sarif-'));
  const input = join(dir, 'lint.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, renderLintSarif(lintedFiles()));
  const run = spawnSync(multitool, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    timeout: 120_000,
  });
  expect(run.error, `could not run ${multitool}`).toBeUndefined();
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const validation = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { ruleId: string; message: unknown }[] }[] };
  expect(validation.runs[0]!.results ?? []).toEqual([]);
});
