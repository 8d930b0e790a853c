// Reports made line by line (report/lines.ts): the chunks the command line writes join to the same
// text as the whole report.
import { describe, expect, it } from 'vitest';
import { csvLines, renderCsv } from '../../src/report/csv.js';
import { inChunks, joinLines } from '../../src/report/lines.js';
import { markdownLines, renderMarkdown } from '../../src/report/markdown.js';
import { renderTable, tableLines } from '../../src/report/table.js';
import { analysisOf, example } from '../helpers.js';

describe('inChunks', () => {
  const lines = ['abc', '', 'defgh', 'i', 'jklmnopq', 'r'];

  it('joins to what joinLines gives, each line ended by a newline', () => {
    expect(joinLines(lines)).toBe('abc\n\ndefgh\ni\njklmnopq\nr\n');
    for (const size of [1, 4, 7, 10, 1000]) expect([...inChunks(lines, size)].join('')).toBe(joinLines(lines));
  });

  it('cuts at line ends, once a chunk reaches the size', () => {
    // 'abc\n' (4) + '\n' (5 >= 5): cut; 'defgh\n' (6): cut; 'i\n' + 'jklmnopq\n' (11): cut; 'r\n'
    expect([...inChunks(lines, 5)]).toEqual(['abc\n\n', 'defgh\n', 'i\njklmnopq\n', 'r\n']);
    expect([...inChunks([], 5)]).toEqual([]);
  });

  it('gives the reports the command line writes in chunks, unchanged', () => {
    const resnet = analysisOf(example('resnet50.cnn'));
    expect([...inChunks(tableLines(resnet, undefined, { maxDepth: 1 }), 500)].join('')).toBe(renderTable(resnet, undefined, { maxDepth: 1 }));
    expect([...inChunks(csvLines(resnet), 500)].join('')).toBe(renderCsv(resnet));
    expect([...inChunks(markdownLines(resnet), 500)].join('')).toBe(renderMarkdown(resnet));
  });
});
