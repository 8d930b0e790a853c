// A fractional receptive field as the reports print it: `a/b` in the text and Markdown tables and in
// CSV's rf and rf_stride fields, {numerator, denominator} in JSON; whole figures print as before.

import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/report/csv.js';
import { renderJson } from '../../src/report/json.js';
import { renderTable } from '../../src/report/table.js';
import { analysisOf } from '../helpers.js';

// 4x4 -> 8x8 (field 1, jump 1/2) -> CONV(f=2): 1 + (2-1)*1/2 = 3/2 -> CONV3: 3/2 + 2*1/2 = 5/2
const source = 'INPUT [4x4x1] => UPSAMPLE => CONV(f=2, p=0) => CONV3';

describe('a fractional receptive field', () => {
  it('prints a/b in the table, after the whole figures of INPUT', () => {
    const lines = renderTable(analysisOf(source)).split('\n');
    expect(lines.find((l) => l.includes('INPUT'))).toMatch(/ 1 \(1\)$/);
    expect(lines.find((l) => l.includes('UPSAMPLE'))).toMatch(/ 1 \(1\/2\)$/);
    expect(lines.find((l) => l.includes('CONV(f=2'))).toMatch(/ 3\/2 \(1\/2\)$/);
    expect(lines.find((l) => l.includes('CONV3'))).toMatch(/ 5\/2 \(1\/2\)$/);
  });

  it('is a/b in the CSV fields', () => {
    const rows = renderCsv(analysisOf(source)).trimEnd().split('\n');
    expect(rows[0]!.endsWith(',rf,rf_stride')).toBe(true); // the last two fields (labels may hold quoted commas)
    expect(rows.slice(1, 5).map((r) => r.split(',').slice(-2))).toEqual([
      ['1', '1'],
      ['1', '1/2'],
      ['3/2', '1/2'],
      ['5/2', '1/2'],
    ]);
  });

  it('is an exact {numerator, denominator} in JSON', () => {
    const layers = (JSON.parse(renderJson(analysisOf(source), null)) as { layers: { receptiveField: unknown }[] }).layers;
    expect(layers.map((l) => l.receptiveField)).toEqual([
      { size: 1, stride: 1 },
      { size: 1, stride: { numerator: 1, denominator: 2 } },
      { size: { numerator: 3, denominator: 2 }, stride: { numerator: 1, denominator: 2 } },
      { size: { numerator: 5, denominator: 2 }, stride: { numerator: 1, denominator: 2 } },
    ]);
  });
});
