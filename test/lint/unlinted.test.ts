// Files that could not be linted (they do not compile, or cannot be read) in every format: listed as
// errors, counted in the JSON summary, a SARIF invocation that is not successful, and the text
// summary's count of files that could not be linted. Exit 2 throughout.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unreadableFile } from '../../src/lint/lint.js';
import { lintSarif } from '../../src/report/lint-sarif.js';
import { cli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-unlinted-'));
const bad = join(dir, 'bad.cnn');
writeFileSync(bad, 'INPUT [32x32x3] => CONV3-16 => REUL\n');
const good = join(dir, 'good.cnn');
writeFileSync(good, 'INPUT [8x8x1] => CONV3-4 => RELU => FC-10\n');
const missing = join(dir, 'missing.cnn');

interface Json {
  diagnostics: { rule: string; severity: string; file: string; line: number; column: number; message: string; hint: string }[];
  summary: { errors: number; warnings: number; notes: number };
}
interface SarifLog {
  runs: { invocations: { executionSuccessful: boolean }[]; results: { ruleId: string }[]; tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[];
}

describe('lint --format json', () => {
  it('counts a compile error in the summary', async () => {
    const r = await cli(['lint', bad, '-f', 'json']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.diagnostics).toEqual([expect.objectContaining({ rule: 'unknown-name', severity: 'error', file: bad, line: 1, column: 'INPUT [32x32x3] => CONV3-16 => '.length + 1 })]);
    expect(json.summary).toEqual({ errors: 1, warnings: 0, notes: 0 });
  });

  it('lists an unreadable file as an unreadable-file error at 1:1, counted', async () => {
    const r = await cli(['lint', missing, good, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc lint: cannot read the network '${missing}': no such file; check the path\n`);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.diagnostics[0]).toEqual(expect.objectContaining({
      rule: 'unreadable-file', severity: 'error', file: missing, line: 1, column: 1, message: `cannot read the network '${missing}': no such file`, hint: 'check the path',
    }));
    expect(json.summary.errors).toBe(1 + json.diagnostics.slice(1).filter((d) => d.severity === 'error').length);
  });

  it('a directory is unreadable too', async () => {
    const json = JSON.parse((await cli(['lint', dir, '-f', 'json'])).stdout) as Json;
    expect(json.diagnostics).toEqual([expect.objectContaining({ rule: 'unreadable-file', file: dir, message: `cannot read the network '${dir}': it is a directory`, hint: 'give a file' })]);
    expect(json.summary).toEqual({ errors: 1, warnings: 0, notes: 0 });
  });
});

describe('lint --format sarif', () => {
  it('executionSuccessful is false when a file does not compile', async () => {
    const r = await cli(['lint', bad, good, '-f', 'sarif']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as SarifLog).runs[0]!.invocations).toEqual([{ executionSuccessful: false }]);
  });

  it('executionSuccessful is false when a file cannot be read, with an unreadable-file result', async () => {
    const log = JSON.parse((await cli(['lint', missing, '-f', 'sarif'])).stdout) as SarifLog;
    const run = log.runs[0]!;
    expect(run.invocations).toEqual([{ executionSuccessful: false }]);
    expect(run.results.map((x) => x.ruleId)).toEqual(['unreadable-file']);
    expect(run.tool.driver.rules.find((x) => x.id === 'unreadable-file')!.shortDescription.text).toBe('The file could not be read: cnncalc could not lint it.');
  });

  it('executionSuccessful stays true when every file was linted', async () => {
    expect((JSON.parse((await cli(['lint', good, '-f', 'sarif'])).stdout) as SarifLog).runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
    expect(lintSarif([unreadableFile('x.cnn', "cannot read 'x.cnn': no such file; check the path")]).runs[0]!.invocations).toEqual([{ executionSuccessful: false }]);
  });
});

describe('lint text summary', () => {
  it('counts a file that could not be read among the files that could not be linted', async () => {
    const r = await cli(['lint', '/nonexistent.cnn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("cnncalc lint: cannot read the network '/nonexistent.cnn': no such file; check the path\n");
    // the unreadable-file error is counted, as JSON and SARIF count it
    expect(r.stdout).toBe('1 error, 0 warnings, 0 notes; 1 file could not be linted (see the errors above)\n');
  });

  it('and together with one that does not compile', async () => {
    const r = await cli(['lint', '/nonexistent.cnn', bad, good]);
    expect(r.code).toBe(2);
    expect(r.stdout.endsWith('; 2 files could not be linted (see the errors above)\n')).toBe(true);
  });
});

describe('lint --format github', () => {
  it('annotates an unreadable file at line 1', async () => {
    const r = await cli(['lint', missing, '-f', 'github']);
    expect(r.stdout).toBe(`::error file=${missing},line=1,col=1,endLine=1,endColumn=1,title=unreadable-file::cannot read the network '${missing}': no such file%0Afix: check the path\n`);
  });
});
