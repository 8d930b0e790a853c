// The README's code-scanning workflow (issue #10): the SARIF is uploaded even when lint finds errors,
// the job may write security events, and the lint command in it is one cnncalc accepts. No YAML
// parser is installed, and none is added for this: the block-style subset a workflow uses (maps,
// lists, scalars, flow lists) is read below, strictly enough that a wrong indentation fails.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

type Yaml = string | string[] | Yaml[] | { [key: string]: Yaml };
interface Line {
  readonly indent: number;
  readonly text: string;
}

function scalar(text: string): Yaml {
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(',').map((s) => s.trim());
  return /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** The subset of YAML a workflow is written in; throws on what it does not read. */
function parseYaml(source: string): Yaml {
  if (source.includes('\t')) throw new Error('a tab in YAML');
  const lines: Line[] = source
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const block = (indent: number): Yaml => (lines[i]!.text.startsWith('- ') ? list(indent) : map(indent));
  const entry = (indent: number, text: string, out: Record<string, Yaml>): void => {
    const m = /^([A-Za-z0-9_-]+):(?: (.*))?$/.exec(text);
    if (!m) throw new Error(`not a key: '${text}'`);
    if (m[1]! in out) throw new Error(`key ${m[1]} twice`);
    i++;
    if (m[2] !== undefined) out[m[1]!] = scalar(m[2]);
    else {
      const next = lines[i];
      if (!next || next.indent < indent || (next.indent === indent && !next.text.startsWith('- '))) throw new Error(`${m[1]} has no value`);
      out[m[1]!] = block(next.indent);
    }
  };
  const map = (indent: number, first?: string): Record<string, Yaml> => {
    const out: Record<string, Yaml> = {};
    if (first !== undefined) entry(indent, first, out);
    while (i < lines.length && lines[i]!.indent === indent && !lines[i]!.text.startsWith('- ')) entry(indent, lines[i]!.text, out);
    if (i < lines.length && lines[i]!.indent > indent) throw new Error(`unexpected indentation at '${lines[i]!.text}'`);
    return out;
  };
  const list = (indent: number): Yaml[] => {
    const out: Yaml[] = [];
    while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('- ')) {
      const item = lines[i]!.text.slice(2);
      if (/^[A-Za-z0-9_-]+:( |$)/.test(item)) {
        lines[i] = { indent: indent + 2, text: item };
        out.push(map(indent + 2));
      } else {
        i++;
        out.push(scalar(item));
      }
    }
    return out;
  };
  const root = map(0);
  if (i !== lines.length) throw new Error(`not read: '${lines[i]!.text}'`);
  return root;
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lintSection = readme.slice(readme.indexOf('## cnncalc lint'), readme.indexOf('<!-- options:lint -->'));
const blocks = [...lintSection.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]!);
const workflowText = blocks.find((b) => b.includes('upload-sarif'))!;

it('the mini reader reads YAML and refuses bad indentation', () => {
  expect(parseYaml('a: 1\nb:\n  - c: 2\n    d: [x, y]\n  - e\n')).toEqual({ a: '1', b: [{ c: '2', d: ['x', 'y'] }, 'e'] });
  expect(() => parseYaml('a:\n  b: 1\n   c: 2\n')).toThrow();
  expect(() => parseYaml('steps:\n  - run: x\n     if: y\n')).toThrow();
});

it("the README's code-scanning workflow uploads the SARIF when lint fails, with security-events: write", () => {
  const workflow = parseYaml(workflowText) as { permissions: Record<string, string>; jobs: Record<string, { steps: Record<string, string | Record<string, string>>[] }> };
  expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
  const steps = Object.values(workflow.jobs)[0]!.steps;
  const lintAt = steps.findIndex((s) => typeof s['run'] === 'string' && s['run'].includes('cnncalc lint'));
  const uploadAt = steps.findIndex((s) => typeof s['uses'] === 'string' && s['uses'].startsWith('github/codeql-action/upload-sarif@'));
  expect(lintAt).toBeGreaterThanOrEqual(0);
  expect(uploadAt).toBeGreaterThan(lintAt);
  const upload = steps[uploadAt]!;
  // a step without `if` runs only when every step before it succeeded: lint's exit 1 would skip it
  expect(upload['if']).toMatch(/always\(\)/);
  const run = steps[lintAt]!['run'] as string;
  const output = /(?:-o|--output-file) (\S+)/.exec(run)![1]!;
  expect((upload['with'] as Record<string, string>)['sarif_file']).toBe(output);
  expect(upload['if']).toContain(`hashFiles('${output}')`);
  expect(steps[lintAt]!['continue-on-error']).toBeUndefined(); // the job still fails on lint errors
});

it('its lint command is one cnncalc takes: the SARIF is written to the path the upload reads, exit 1 on errors', async () => {
  const jobs = (parseYaml(workflowText) as { jobs: Record<string, { steps: Record<string, string>[] }> }).jobs;
  const command = Object.values(jobs)[0]!.steps.map((s) => s['run']).find((r) => r?.includes('cnncalc lint'))!;
  const args = command.replace(/^npx cnncalc /, '').split(/\s+/);
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-workflow-'));
  const out = join(dir, 'cnncalc.sarif');
  const zf = join(ROOT, 'examples', 'zfnet_paper224.cnn');
  const argv = args.map((a) => (a === 'nets/*.cnn' ? zf : a === 'cnncalc.sarif' ? out : a));
  // the printed ZF Net has window-not-integral warnings, errors under --strict
  const result = await cli([...argv, '--strict']);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const log = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: { results: { level: string }[] }[] };
  expect(log.version).toBe('2.1.0');
  expect(log.runs[0]!.results.some((r) => r.level === 'error')).toBe(true);
});
