// lint in CI (issue #10): cnncalc.config.json found upward from each file, -o/--output-file,
// --quiet, and --list/--explain as JSON. Through main() with a fake terminal.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/registry.js';
import { SCHEMA_VERSION } from '../../src/report/json.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'cnncalc-lint-ci-'));
function file(path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

// cli.test.ts's clean net with RELU => RELU: one redundant-activation warning at 2:24, nothing else
const WARNS =
  'INPUT [32x32x3]\n=> CONV3-16 => RELU => RELU\n=> POOL2 => CONV3-16 => RELU => POOL2 => CONV3-16 => RELU => POOL2 => CONV3-16 => RELU => GAP => FC-10\n';
const config = (dir: string, value: unknown): string => file(`${dir}/cnncalc.config.json`, JSON.stringify(value, null, 2));

describe('cnncalc.config.json', () => {
  config('errors', { rules: { 'redundant-activation': 'error' } });
  const deep = file('errors/nets/sub/a.cnn', WARNS);

  it('is found in a folder above the file and sets rule levels; --rule wins over it', async () => {
    const run = await cli(['lint', deep]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${deep}:2:24  error  redundant-activation`);
    expect((await cli(['lint', deep, '--rule', 'redundant-activation=warning'])).code).toBe(0);
  });

  it('the nearest one wins, and files with none keep the defaults', async () => {
    config('errors/nets/quiet', { rules: { 'redundant-activation': 'off' } });
    const near = file('errors/nets/quiet/b.cnn', WARNS);
    expect((await cli(['lint', near])).stdout).toBe('0 errors, 0 warnings, 0 notes\n');
    const none = file('plain/c.cnn', WARNS);
    const both = await cli(['lint', deep, none]);
    expect(both.stdout).toContain(`${none}:2:24  warning  redundant-activation`);
    expect(both.stdout).toContain(`${deep}:2:24  error  redundant-activation`);
  });

  it('overrides apply to the files their globs match, relative to the configuration', async () => {
    config('globs', { overrides: [{ files: ['legacy/**/*.cnn'], rules: { 'redundant-activation': 'off' } }] });
    const legacy = file('globs/legacy/old/x.cnn', WARNS);
    const fresh = file('globs/new/x.cnn', WARNS);
    const run = await cli(['lint', legacy, fresh]);
    expect(run.stdout).not.toContain(legacy);
    expect(run.stdout).toContain(`${fresh}:2:24  warning`);
  });

  it('strict and maxWarnings; --max-warnings wins over maxWarnings', async () => {
    // CONV(f=2, s=2) on 5: 5 - 2 = 3 is odd, column 4 unseen: a window-not-integral warning, an error when strict
    config('strict', { strict: true });
    const odd = file('strict/odd.cnn', 'INPUT [5x5x1] => CONV(f=2, k=1, s=2, p=0) => FC-2\n');
    expect((await cli(['lint', odd])).stdout).toContain('error  window-not-integral');
    config('limit', { maxWarnings: 0 });
    const warns = file('limit/w.cnn', WARNS);
    const over = await cli(['lint', warns]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(`1 warning in the files ${join(root, 'limit', 'cnncalc.config.json')} governs, more than its maxWarnings 0 allows`);
    expect((await cli(['lint', warns, '--max-warnings', '1'])).code).toBe(0);
  });

  it('a bad configuration: file:line:column, the source line, a fix; exit 2 and nothing linted', async () => {
    const path = file('bad/cnncalc.config.json', '{\n  "rules": { "large-pol": "off" }\n}\n');
    const net = file('bad/n.cnn', WARNS);
    const run = await cli(['lint', net]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${path}:2:14  error  bad-config  "large-pol" is not a lint rule\n` +
        '    2 |   "rules": { "large-pol": "off" }\n' +
        '      |              ^^^^^^^^^^^\n' +
        '      fix: did you mean "large-pool"?\n',
    );
    file('badjson/cnncalc.config.json', '{ "rules": {} ');
    const broken = await cli(['lint', file('badjson/n.cnn', WARNS)]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/cnncalc\.config\.json:1:15 {2}error {2}bad-config {2}not valid JSON: expected ',' or '}', found the end of the file\n/);
  });
});

describe('-o/--output-file', () => {
  const errs = file('out/e.cnn', WARNS);

  it('writes the report to the file, nothing on stdout, and keeps the exit code', async () => {
    const out = join(root, 'out', 'report.sarif');
    const run = await cli(['lint', errs, '--format', 'sarif', '-o', out, '--rule', 'redundant-activation=error']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(['redundant-activation']);
    const text = join(root, 'out', 'report.txt');
    expect((await cli(['lint', errs, '--output-file', text])).code).toBe(0);
    expect(readFileSync(text, 'utf8')).toMatch(/warning {2}redundant-activation[^]*\n0 errors, 1 warning, 0 notes\n$/);
    expect((await cli(['lint', errs, '-o', '-'])).stdout).toContain('0 errors, 1 warning, 0 notes');
  });

  it('refuses a report over one of the networks, or in a folder that does not exist (exit 2)', async () => {
    const over = await cli(['lint', errs, '-o', errs]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain("is the same file as the network");
    expect(readFileSync(errs, 'utf8')).toBe(WARNS);
    const nowhere = join(root, 'missing', 'r.json');
    expect((await cli(['lint', errs, '-o', nowhere])).code).toBe(2);
    expect(existsSync(nowhere)).toBe(false);
  });
});

describe('--quiet', () => {
  const mixed = file('quiet/m.cnn', WARNS);

  it('reports errors only, in every format, and counts what it shows', async () => {
    expect(await cli(['lint', mixed, '--quiet'])).toEqual({ code: 0, stdout: '0 errors, 0 warnings, 0 notes\n', stderr: '' });
    expect((JSON.parse((await cli(['lint', mixed, '--quiet', '-f', 'json'])).stdout) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    const errors = await cli(['lint', mixed, '--quiet', '--rule', 'redundant-activation=error']);
    expect(errors.code).toBe(1);
    expect(errors.stdout).toContain('error  redundant-activation');
  });

  it('hidden warnings still count for --max-warnings, as eslint counts them', async () => {
    const run = await cli(['lint', mixed, '--quiet', '--max-warnings', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 warning, more than --max-warnings 0 allows');
  });
});

describe('--list and --explain as JSON', () => {
  it('--list --format json: schemaVersion and every rule with its level, summary and docs anchor', async () => {
    const run = await cli(['lint', '--list', '--format', 'json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { schemaVersion: number; rules: { id: string; defaultLevel: string; docs: string }[] };
    expect(list.schemaVersion).toBe(SCHEMA_VERSION);
    expect(list.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(list.rules[RULES.findIndex((r) => r.id === 'window-not-integral')]).toEqual({
      id: 'window-not-integral',
      defaultLevel: 'warning',
      strictLevel: 'error',
      summary: 'The window cannot slide cleanly from edge to edge: (W - F + 2p) is not divisible by the stride.',
      docs: 'docs/lint.md#window-not-integral',
    });
    // each anchor is a heading of docs/lint.md (GitHub's anchor of `## id` is the id)
    const docs = readFileSync(join(ROOT, 'docs', 'lint.md'), 'utf8');
    for (const r of list.rules) expect(docs).toContain(`\n## ${r.docs.split('#')[1]}\n`);
  });

  it('--explain RULE --format json adds what, why and fix; other formats are refused', async () => {
    const rule = (JSON.parse((await cli(['lint', '--explain', 'large-pool', '-f', 'json'])).stdout) as { rule: { id: string; what: string } }).rule;
    expect(rule.id).toBe('large-pool');
    expect(rule.what).toContain('4x4 or more');
    expect((await cli(['lint', '--list', '--format', 'sarif'])).code).toBe(2);
    const out = join(root, 'rules.json');
    expect(await cli(['lint', '--list', '-f', 'json', '-o', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((JSON.parse(readFileSync(out, 'utf8')) as { rules: unknown[] }).rules.length).toBe(RULES.length);
  });
});
