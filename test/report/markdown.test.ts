// Markdown tables show texts as they are: whatever GFM would read as markup inside a cell is
// escaped with a backslash (CommonMark: any ASCII punctuation may be), and only the report's own
// markup (bold block rows, &nbsp; indentation) is left to render.

import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/report/markdown-escape.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { analysisOf } from '../helpers.js';

/** What a CommonMark renderer shows for backslash escapes: the character after each backslash. */
const shown = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** The characters GFM reads as markup in a table cell. */
const MARKUP = '\\`*_{}[]<>#+-!|~&';

describe('escapeMarkdown', () => {
  it('escapes emphasis, code, links, HTML, entities, strikethrough and the cell separator', () => {
    expect(escapeMarkdown('CONV(f=3, k=2*c, p=1*1)')).toBe('CONV(f=3, k=2\\*c, p=1\\*1)'); // not "2<em>c, p=1</em>1"
    expect(escapeMarkdown('a_b_c')).toBe('a\\_b\\_c');
    expect(escapeMarkdown('`x` [y](z) <b> &amp; ~~s~~ |')).toBe('\\`x\\` \\[y\\](z) \\<b\\> \\&amp; \\~\\~s\\~\\~ \\|');
    expect(escapeMarkdown('# FC-10 + !x {a} \\')).toBe('\\# FC\\-10 \\+ \\!x \\{a\\} \\\\');
  });

  it('leaves no markup character unescaped, and shows every text unchanged', () => {
    const texts = ['CONV(f=3, k=2*c, p=1*1)', '**bold**', '_x_', '\\*', 'a\\\\b', '|||', '<script>', '&nbsp;', '~', '[[x]]', '-', '# h', 'plain 224x224x3'];
    for (const text of texts) {
      const escaped = escapeMarkdown(text);
      expect(shown(escaped), text).toBe(text);
      // every markup character is preceded by a backslash that is not itself escaped
      for (let i = 0; i < escaped.length; i++) {
        if (escaped[i] !== '\\') {
          if (MARKUP.includes(escaped[i]!)) throw new Error(`unescaped '${escaped[i]}' at ${i} of ${escaped}`);
        } else i++;
      }
    }
  });
});

describe('the Markdown table', () => {
  it('escapes layer and block texts inside the markup it adds', () => {
    const md = renderMarkdown(analysisOf('let my_block = CONV3-8 => RELU\nINPUT [8x8x3] => my_block => FC-2'));
    // the block's row is bold around the escaped name; the layer row under it is indented
    expect(md).toContain('|  | **my\\_block** | 8x8x8 |');
    expect(md).toContain('| 1 | &nbsp;&nbsp;CONV3\\-8 | 8x8x8 |');
    expect(md).toContain('| 0 | INPUT \\[8x8x3\\] | 8x8x3 |');
    // the header's '#' and the totals row
    expect(md.split('\n')[0]!.startsWith('| \\# | layer |')).toBe(true);
    expect(md).toMatch(/^\|  \| \*\*total \(layers after INPUT\)\*\* \|  \| \*\*\d/m);
  });
});
