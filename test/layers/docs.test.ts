// The docs rows each kind declares (layers/<kind>.ts docs) are what the documentation shows:
// grammar/README.md's table of layer kinds is layers/docs.ts layerTable() between its markers, and
// docs/budget.md holds `budget --explain` (whose "what backward keeps" lines come from the same
// declarations) verbatim. After changing a declaration: UPDATE_DOCS=1 npx vitest run test/layers.

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLAIN } from '../../src/budget/explain.js';
import { layerTable } from '../../src/layers/docs.js';
import { LAYERS } from '../../src/layers/index.js';
import { ROOT } from '../helpers.js';

const update = process.env['UPDATE_DOCS'] === '1';
const START = '<!-- layer-table: generated from src/layers/<kind>.ts (docs); test/layers/docs.test.ts -->';
const END = '<!-- layer-table end -->';

/** The file's text between the markers, replaced by `body` when updating. */
function between(path: string, start: string, end: string, body: string): string {
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(start) + start.length;
  const to = text.indexOf(end, from);
  if (from < start.length || to < 0) throw new Error(`${path} lacks the markers ${start} ... ${end}`);
  if (!update) return text.slice(from, to);
  writeFileSync(path, text.slice(0, from) + body + text.slice(to));
  return body;
}

describe('layer docs', () => {
  it('grammar/README.md shows every kind\'s declared row', () => {
    const table = `\n${layerTable().join('\n')}\n`;
    expect(between(`${ROOT}grammar/README.md`, START, END, table)).toBe(table);
  });

  it('has a row for every kind', () => {
    const table = layerTable().join('\n');
    for (const def of Object.values(LAYERS)) expect(table, def.kind).toContain(`| ${def.docs.name} |`);
  });

  it('docs/budget.md holds budget --explain verbatim', () => {
    const block = `\n${EXPLAIN}`;
    expect(between(`${ROOT}docs/budget.md`, '```text', '```', block)).toBe(block);
  });
});
