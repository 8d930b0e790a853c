// Text tables line up on a terminal: a cell's colour escapes take no columns (report/width.ts).

import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderTextTable, type TextTable } from '../../src/report/text-table.js';
import { PLAIN } from '../../src/report/plain.js';
import { padVisible, visibleWidth } from '../../src/report/width.js';

const strip = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('visible width', () => {
  it('counts the characters a terminal shows, not the escapes around them', () => {
    const red = new Chalk({ level: 1 }).red;
    expect(red('✗')).not.toHaveLength(1); // the escapes are there: ESC[31m ✗ ESC[39m
    expect(visibleWidth(red('✗'))).toBe(1);
    expect(visibleWidth(`150 ${red('✗')}`)).toBe(5);
    expect(visibleWidth('\u001b]8;;https://x.org\u0007link\u001b]8;;\u0007')).toBe(4); // an OSC 8 hyperlink
    expect(padVisible(red('ab'), 5, 'right')).toBe(`   ${red('ab')}`);
    expect(padVisible(red('ab'), 5, 'left')).toBe(`${red('ab')}   `);
  });
});

describe('a table with coloured cells', () => {
  // verify's layout: a mark after each figure, coloured when the output is a terminal
  const table = (mark: (t: string) => string): TextTable => ({
    header: ['#', 'layer', 'params'],
    align: ['right', 'left', 'right'],
    rows: [
      ['1', 'CONV(f=5, k=6, p=0)', `156 ${mark('✓')}`],
      ['2', 'FC-10', `30,720 ≠ 30,730 ${mark('✗')}`],
    ],
  });

  it('lines up exactly as the same table without colour', () => {
    const chalk = new Chalk({ level: 1 });
    const coloured = renderTextTable(table(chalk.green), chalk);
    expect(coloured).toContain('\u001b[');
    expect(strip(coloured)).toBe(renderTextTable(table((t) => t), PLAIN));
    // and the plain layout is what the widths say: 'params' right-aligned over the widest cell (16)
    const widest = '30,720 ≠ 30,730 ✗'.length; // 16
    expect(renderTextTable(table((t) => t), PLAIN).split('\n')[2]).toBe(`1  CONV(f=5, k=6, p=0)  ${' '.repeat(widest - '156 ✓'.length)}156 ✓`);
  });
});
