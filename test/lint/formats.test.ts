// The machine formats: JSON's fields, GitHub workflow commands with their escaping, and SARIF 2.1.0
// validated against the schema Microsoft's SARIF multitool ships (@microsoft/sarif-multitool-<os>).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { compile } from '../../src/api.js';
import { lint, type LintedFile } from '../../src/lint/lint.js';
import { RULES } from '../../src/lint/registry.js';
import { escapeData, escapeProperty, renderLintGithub } from '../../src/report/lint-github.js';
import { lintJson } from '../../src/report/lint-json.js';
import { artifactUri, lintSarif } from '../../src/report/lint-sarif.js';

function linted(file: string, source: string): LintedFile {
  const compiled = compile(source);
  const compileErrors = compiled.diagnostics.filter((d) => d.severity === 'error');
  return { file, source, compileErrors, diagnostics: compiled.analysis ? lint(compiled, source).diagnostics : [] };
}

const BAD = 'INPUT [224x224x3]\n=> CONV(f=11, k=96, s=4, p=0) => RELU\n=> POOL(f=4, s=4) => FC-10\n';
const BROKEN = 'INPUT [32x32x3] => CONV3-16 => REUL\n';
const files = [linted('nets/alex net,224.cnn', BAD), linted('nets/broken.cnn', BROKEN)];

describe('json', () => {
  it('lists every finding with rule, severity, file, line, column, message and hint', () => {
    const json = lintJson(files, { errors: 0, warnings: 1, notes: 2 });
    const first = json.diagnostics.find((d) => d.rule === 'window-not-integral')!;
    expect(first).toMatchObject({ severity: 'warning', file: 'nets/alex net,224.cnn', line: 2, column: 4, endLine: 2, endColumn: 30 });
    expect(first.message).toContain('213 is not divisible by the stride 4');
    expect(first.hint).toContain('s=3');
    // the file that does not compile is there with its error code
    expect(json.diagnostics.find((d) => d.file === 'nets/broken.cnn')).toMatchObject({ rule: 'unknown-name', severity: 'error', line: 1, column: 32 });
  });
});

describe('github', () => {
  it('escapes data (% CR LF) and properties (also : and ,) as the workflow-command rules require', () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('writes one annotation per finding: ::warning file=..,line=..,col=..,endLine=..,endColumn=..,title=RULE::message', () => {
    const lines = renderLintGithub(files).trimEnd().split('\n');
    expect(lines.length).toBe(files.reduce((n, f) => n + f.diagnostics.length + f.compileErrors.length, 0));
    const w = lines.find((l) => l.includes('title=window-not-integral'))!;
    expect(w).toMatch(/^::warning file=nets\/alex net%2C224\.cnn,line=2,col=4,endLine=2,endColumn=30,title=window-not-integral::CONV\(f=11/);
    expect(w).toContain('%0Afix: ');
    expect(lines.some((l) => l.startsWith('::notice ') && l.includes('title=large-pool'))).toBe(true);
    expect(lines.some((l) => l.startsWith('::error file=nets/broken.cnn,line=1,col=32,'))).toBe(true);
  });
});

/** The schema the installed multitool package ships for this platform. */
function sarifSchema(): object {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@microsoft/sarif-multitool/package.json'));
  const candidates = ['linux', 'darwin', 'win32'].map((os) => join(dir, '..', `sarif-multitool-${os}`, 'sarif-2.1.0.json'));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no sarif-2.1.0.json among ${candidates.join(', ')}: run npm ci`);
  return JSON.parse(readFileSync(found, 'utf8')) as object;
}

describe('sarif', () => {
  const log: Sarif.Log = lintSarif(files);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(sarifSchema());

  it('is valid against the SARIF 2.1.0 JSON schema', () => {
    const ok = validate(JSON.parse(JSON.stringify(log)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is not vacuous: a result without a message is refused', () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { message?: unknown }[] }[] };
    delete broken.runs[0]!.results[0]!.message;
    expect(validate(broken)).toBe(false);
  });

  it('lists every rule in the driver with its descriptions and default level', () => {
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('cnncalc');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const rule of RULES) {
      const d = driver.rules!.find((r) => r.id === rule.id)!;
      expect(d.shortDescription!.text).toBe(rule.docs.summary);
      expect(d.fullDescription!.text).toBe(rule.docs.what);
      expect(d.help!.text).toContain(rule.docs.fix);
      expect(d.defaultConfiguration!.level).toBe(rule.defaultSeverity);
    }
  });

  it('locates each result by the relative path as given and the span', () => {
    const results = log.runs[0]!.results!;
    const w = results.find((r) => r.ruleId === 'window-not-integral')!;
    expect(w.level).toBe('warning');
    expect(log.runs[0]!.tool.driver.rules![w.ruleIndex!]!.id).toBe('window-not-integral');
    expect(w.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'nets/alex%20net%2C224.cnn' },
      region: { startLine: 2, startColumn: 4, endLine: 2, endColumn: 30 },
    });
    const broken = results.find((r) => r.ruleId === 'unknown-name')!;
    expect(broken.level).toBe('error');
    expect(log.runs[0]!.tool.driver.rules![broken.ruleIndex!]!.id).toBe('unknown-name');
  });

  it('turns paths into URI references', () => {
    expect(artifactUri('examples/vgg16.cnn')).toBe('examples/vgg16.cnn');
    expect(artifactUri('nets\\a b.cnn')).toBe('nets/a%20b.cnn');
    expect(artifactUri('/abs/net.cnn')).toBe('file:///abs/net.cnn');
  });
});
