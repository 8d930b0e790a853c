// cnncalc lint through main() with a fake terminal: output, summary line and exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/registry.js';
import { cli } from '../cli/run-cli.js';
import { REFERENCE } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-lint-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// The last CONV sees 38x38 (3, 4, 8, 10, 18, 22, 38); no layer holds half of the 7,578 parameters.
const NET = 'INPUT [32x32x3]\n=> CONV3-16 => RELU\n=> POOL2 => CONV3-16 => RELU => POOL2 => CONV3-16 => RELU => POOL2 => CONV3-16 => RELU => GAP => FC-10\n';
const clean = file('clean.cnn', NET);
const warns = file('warns.cnn', NET.replace('RELU\n', 'RELU => RELU\n'));
const broken = file('broken.cnn', 'INPUT [32x32x3] => CONV3-16 => REUL\n');

describe('cnncalc lint', () => {
  it('prints each finding as file:line:col  severity  rule  message, the source line, a caret and the fix', async () => {
    const run = await cli(['lint', warns]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${warns}:2:24  warning  redundant-activation  RELU follows RELU directly: its input is never negative, so it does nothing\n`);
    expect(run.stdout).toContain('    2 | => CONV3-16 => RELU => RELU\n      |                        ^^^^\n      fix: ');
    expect(run.stdout.endsWith('0 errors, 1 warning, 0 notes\n')).toBe(true);
  });

  it('exits 0 on a clean file with a summary of zeros', async () => {
    const run = await cli(['lint', clean]);
    expect(run).toEqual({ code: 0, stdout: '0 errors, 0 warnings, 0 notes\n', stderr: '' });
  });

  it('exits 1 when there is an error: window-not-integral under --strict', async () => {
    const run = await cli(['lint', `${REFERENCE}zfnet_paper224.cnn`, '--strict']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('zfnet_paper224.cnn:3:4  error  window-not-integral  ');
    expect(run.stdout).toMatch(/\n4 errors, 0 warnings, 1 note\n$/);
  });

  it('--max-warnings N: exit 1 above N, 0 at N', async () => {
    expect((await cli(['lint', warns, '--max-warnings', '1'])).code).toBe(0);
    const over = await cli(['lint', warns, '--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('1 warning, more than --max-warnings 0 allows');
  });

  it('--rule turns a rule up to error (exit 1) or off', async () => {
    expect((await cli(['lint', warns, '--rule', 'redundant-activation=error'])).code).toBe(1);
    expect((await cli(['lint', warns, '--rule', 'redundant-activation=off'])).stdout).toBe('0 errors, 0 warnings, 0 notes\n');
  });

  it('lints the other files when one does not compile, reports its errors with the findings (as eslint does) and exits 2', async () => {
    const run = await cli(['lint', broken, warns, '--rule', 'redundant-activation=error']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${broken}:1:32  error  unknown-name`);
    expect(run.stdout).toContain('redundant-activation');
    // one count everywhere: REUL's unknown-name error and the redundant-activation finding made an error
    expect(run.stdout).toContain('2 errors, 0 warnings, 0 notes; 1 file could not be linted (see the errors above)');
  });

  it('counts the errors of a file that does not compile the same in text, json and the exit code', async () => {
    const text = await cli(['lint', broken]);
    const json = await cli(['lint', broken, '--format', 'json']);
    // REUL is one unknown-name error; the file is not linted
    expect(text.stdout.startsWith(`${broken}:1:32  error  unknown-name`)).toBe(true);
    expect(text.stdout.endsWith('\n1 error, 0 warnings, 0 notes; 1 file could not be linted (see the errors above)\n')).toBe(true);
    expect((JSON.parse(json.stdout) as { summary: object }).summary).toEqual({ errors: 1, warnings: 0, notes: 0 });
    expect([text.code, json.code]).toEqual([2, 2]);
  });

  it('exits 2 for a missing file, a bad option value or an unknown rule', async () => {
    expect((await cli(['lint', join(dir, 'missing.cnn')])).code).toBe(2);
    expect((await cli(['lint', clean, '--format', 'xml'])).code).toBe(2);
    const unknown = await cli(['lint', clean, '--rule', 'large-pol=off']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'large-pol' is not a lint rule; did you mean 'large-pool'?");
    expect((await cli(['lint', clean, '--rule', 'large-pool=loud'])).code).toBe(2);
    expect((await cli(['lint'])).code).toBe(2);
  });

  it('--format json and sarif print machine output only on stdout', async () => {
    const json = JSON.parse((await cli(['lint', warns, '--format', 'json'])).stdout) as { diagnostics: object[]; summary: object };
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ rule: 'redundant-activation', severity: 'warning', file: warns, line: 2, column: 24 }),
    ]);
    expect(json.summary).toEqual({ errors: 0, warnings: 1, notes: 0 });
    const sarif = JSON.parse((await cli(['lint', warns, '--format', 'sarif'])).stdout) as { version: string; runs: { results: object[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBe(1);
    const github = await cli(['lint', warns, '--format', 'github']);
    expect(github.stdout).toMatch(/^::warning file=.*,line=2,col=24,endLine=2,endColumn=28,title=redundant-activation::RELU follows RELU/);
  });

  it('--list lists every rule; --explain prints a rule\'s documentation', async () => {
    const list = await cli(['lint', '--list']);
    expect(list.code).toBe(0);
    for (const rule of RULES) expect(list.stdout).toContain(rule.id);
    const explain = await cli(['lint', '--explain', 'large-filter']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('large-filter (default: note)');
    expect(explain.stdout).toContain('27C^2');
    expect((await cli(['lint', '--explain', 'window-not-integral'])).stdout).toContain('(default: warning; error with --strict)');
    expect((await cli(['lint', '--explain', 'nope'])).code).toBe(2);
  });
});
