// The machine formats: JSON's fields, GitHub workflow commands with their escaping, and SARIF 2.1.0
// validated against the schema Microsoft's SARIF multitool ships (@microsoft/sarif-multitool-<os>),
// with artifact URIs built from real path segments and helpUri links into docs/lint.md.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { compile } from '../../src/api.js';
import { lint, type LintedFile } from '../../src/lint/lint.js';
import { RULES } from '../../src/lint/registry.js';
import { escapeData, escapeProperty, renderLintGithub } from '../../src/report/lint-github.js';
import { lintJson } from '../../src/report/lint-json.js';
import { artifactUri, COMPILE_ERRORS_ANCHOR, lintSarif, PACKAGE_FILES_URI } from '../../src/report/lint-sarif.js';
import { VERSION } from '../../src/version.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

function linted(file: string, source: string): LintedFile {
  const compiled = compile(source);
  const compileErrors = compiled.diagnostics.filter((d) => d.severity === 'error');
  return { file, source, compileErrors, diagnostics: compiled.analysis ? lint(compiled).diagnostics : [] };
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

  it('escapes control characters in file names as every text output does (the runner prints the line)', () => {
    const out = renderLintGithub([linted('esc\u001b[31mred\nnl.cnn', BAD)]);
    expect(out).not.toContain('\u001b');
    // pathText writes ESC as \x1b and the newline as \n; then ',' and ':' would be escaped, none here
    expect(out).toContain('file=esc\\x1b[31mred\\nnl.cnn,');
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

  it('turns paths into URI references, splitting at real separators only', () => {
    expect(artifactUri('examples/vgg16.cnn')).toBe('examples/vgg16.cnn');
    expect(artifactUri('./nets//a/../b.cnn')).toBe('nets/b.cnn');
    // on POSIX a backslash is part of the name: percent-encoded (RFC 3986 has no '\\' in a path)
    expect(artifactUri('back\\slash.cnn')).toBe('back%5Cslash.cnn');
    expect(artifactUri('nets\\a b.cnn', { windows: true })).toBe('nets/a%20b.cnn');
    // reserved and non-ASCII characters: ':' would read as a scheme, '#' as a fragment, '%' as an escape
    expect(artifactUri('a:b #1 100%.cnn')).toBe('a%3Ab%20%231%20100%25.cnn');
    expect(artifactUri('réseau.cnn')).toBe('r%C3%A9seau.cnn');
    expect(artifactUri('/abs/net.cnn')).toBe('file:///abs/net.cnn');
  });

  it('makes URIs relative to the working directory when the file is inside it, else absolute', () => {
    const posix = { cwd: '/home/me/repo' };
    expect(artifactUri('/home/me/repo/nets/x.cnn', posix)).toBe('nets/x.cnn');
    expect(artifactUri('nets/x.cnn', posix)).toBe('nets/x.cnn');
    expect(artifactUri('/home/me/repository/x.cnn', posix)).toBe('file:///home/me/repository/x.cnn'); // a prefix of a name is not a parent
    expect(artifactUri('../other/x.cnn', posix)).toBe('file:///home/me/other/x.cnn');
    expect(artifactUri('/etc/x.cnn', posix)).toBe('file:///etc/x.cnn');
    const windows = { cwd: 'C:\\Users\\me', windows: true };
    expect(artifactUri('C:\\Users\\me\\nets\\x.cnn', windows)).toBe('nets/x.cnn');
    expect(artifactUri('c:/users/ME/x.cnn', windows)).toBe('x.cnn'); // Windows paths ignore case
    expect(artifactUri('D:\\n\\x y.cnn', windows)).toBe('file:///D:/n/x%20y.cnn');
    expect(artifactUri('\\\\server\\share\\x.cnn', windows)).toBe('file://server/share/x.cnn');
  });

  it('gives the CLI a file named back\\slash.cnn as back%5Cslash.cnn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-sarif-'));
    const path = join(dir, 'back\\slash.cnn');
    writeFileSync(path, BAD);
    const run = await cli(['lint', path, '--format', 'sarif']);
    const uris = (JSON.parse(run.stdout) as Sarif.Log).runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toBe(artifactUri(path, { cwd: process.cwd() }));
    expect(uris[0]).toMatch(/\/back%5Cslash\.cnn$/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("points each rule's helpUri at its section of docs/lint.md, by GitHub's anchor for the heading", () => {
    const anchors = githubAnchors(readFileSync(join(ROOT, 'docs', 'lint.md'), 'utf8'));
    for (const rule of log.runs[0]!.tool.driver.rules!.filter((r) => RULES.some((x) => x.id === r.id))) {
      expect(rule.helpUri).toBe(`${PACKAGE_FILES_URI}docs/lint.md#${rule.id}`);
      expect(anchors).toContain(rule.helpUri!.split('#')[1]);
    }
    expect(PACKAGE_FILES_URI).toBe(`https://unpkg.com/cnncalc@${VERSION}/`);
  });

  it("points a compile error's helpUri at the error codes in grammar/README.md", () => {
    const anchors = githubAnchors(readFileSync(join(ROOT, 'grammar', 'README.md'), 'utf8'));
    const compileRules = log.runs[0]!.tool.driver.rules!.filter((r) => !RULES.some((x) => x.id === r.id));
    expect(compileRules.length).toBeGreaterThan(0); // the fixture has a file that does not compile
    for (const rule of compileRules) {
      expect(rule.helpUri).toBe(`${PACKAGE_FILES_URI}grammar/README.md#${COMPILE_ERRORS_ANCHOR}`);
      expect(anchors).toContain(COMPILE_ERRORS_ANCHOR);
    }
  });
});

/** The anchors GitHub gives a Markdown file's headings (github-slugger): lower case, punctuation
 *  dropped, spaces as '-', a repeated heading numbered -1, -2, ... */
function githubAnchors(markdown: string): string[] {
  const seen = new Map<string, number>();
  return [...markdown.matchAll(/^#{1,6} +(.+?) *$/gm)].map((m) => {
    const slug = m[1]!.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    return n === 0 ? slug : `${slug}-${n}`;
  });
}
