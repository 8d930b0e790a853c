// Every rule has its documentation, a bad fixture that fires it where bad.expected.json says, a good
// fixture that does not, and a section in docs/lint.md (typescript-eslint's docs test, ruff's fixtures).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/registry.js';
import { ROOT } from '../helpers.js';
import { findings } from './helpers.js';

const DIR = join(ROOT, 'test', 'lint');
const docs = readFileSync(join(ROOT, 'docs', 'lint.md'), 'utf8');

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it('has documentation: summary, what, why, fix', () => {
    for (const part of ['summary', 'what', 'why', 'fix'] as const) expect(rule.docs[part].trim().length, part).toBeGreaterThan(20);
    expect(docs).toContain(`\n## ${id}\n`);
  });

  it('has bad.cnn, bad.expected.json and good.cnn', () => {
    for (const f of ['bad.cnn', 'bad.expected.json', 'good.cnn']) expect(existsSync(join(DIR, id, f)), `test/lint/${id}/${f}`).toBe(true);
  });

  it('fires on bad.cnn where bad.expected.json says, and nowhere else', () => {
    const expected = JSON.parse(readFileSync(join(DIR, id, 'bad.expected.json'), 'utf8')) as unknown[];
    expect(expected.length).toBeGreaterThan(0);
    expect(findings(readFileSync(join(DIR, id, 'bad.cnn'), 'utf8'), {}, id)).toEqual(expected);
  });

  it('stays silent on good.cnn', () => {
    expect(findings(readFileSync(join(DIR, id, 'good.cnn'), 'utf8'), {}, id)).toEqual([]);
  });
});

it('every fixture folder belongs to a rule', () => {
  const folders = readdirSync(DIR).filter((f) => statSync(join(DIR, f)).isDirectory());
  expect(folders.filter((f) => !RULES.some((r) => r.id === f))).toEqual([]);
});

it('rule ids are unique, kebab-case, and each lives in src/lint/rules/<id>.ts', () => {
  const ids = RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    expect(existsSync(join(ROOT, 'src', 'lint', 'rules', `${id}.ts`)), id).toBe(true);
  }
});
