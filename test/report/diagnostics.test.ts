// Error excerpts (report/diagnostics.ts): a long line is shown as a window around the caret with
// '...' where it is cut, as compilers do, and the caret stays under the character it points at.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { lintSource } from '../../src/lint/index.js';
import { EXCERPT_WIDTH, renderDiagnostic, renderDiagnostics } from '../../src/report/diagnostics.js';

/** A diagnostic on line 1 from `column` for `length` characters. */
function at(column: number, length = 1): Diagnostic {
  const start = { offset: column - 1, line: 1, column };
  return { code: 'x', severity: 'error', message: 'm', hint: '', span: { start, end: { offset: column - 1 + length, line: 1, column: column + length } } };
}

/** The excerpt's shown text and caret line, without their gutters ('    1 | ', '      | '). */
function excerptOf(rendered: string): { shown: string; carets: string } {
  const [, shown, carets] = rendered.split('\n');
  return { shown: shown!.slice('    1 | '.length), carets: carets!.slice('      | '.length) };
}

/** The character the first caret is under. */
function underCaret(rendered: string): string {
  const { shown, carets } = excerptOf(rendered);
  return shown[carets.indexOf('^')]!;
}

describe('error excerpts', () => {
  it('show a short line whole, the caret under the span', () => {
    const { shown, carets } = excerptOf(renderDiagnostic(at(18, 4), { file: 'f.cnn', source: 'INPUT [1x1x1] => REUL' }));
    expect(shown).toBe('INPUT [1x1x1] => REUL');
    expect(carets).toBe(' '.repeat(17) + '^^^^');
  });

  it('show a window of a long line around the caret, cut with ...', () => {
    // 'a' * 5,000,000 with a 'Z' at column 2,500,001: 40 characters before it, 100 in all
    const line = 'a'.repeat(2_500_000) + 'Z' + 'a'.repeat(2_499_999);
    const rendered = renderDiagnostic(at(2_500_001), { file: 'f.cnn', source: line });
    const { shown, carets } = excerptOf(rendered);
    expect(shown).toBe('...' + 'a'.repeat(40) + 'Z' + 'a'.repeat(59) + '...');
    expect(carets).toBe(' '.repeat(3 + 40) + '^');
    expect(underCaret(rendered)).toBe('Z');
    expect(rendered.length).toBeLessThan(300);
  });

  it('cut only the end near the start of the line, only the start near its end', () => {
    const line = 'Z' + 'b'.repeat(998) + 'Y';
    const first = excerptOf(renderDiagnostic(at(1), { file: 'f.cnn', source: line }));
    expect(first.shown).toBe('Z' + 'b'.repeat(EXCERPT_WIDTH - 1) + '...');
    expect(first.carets).toBe('^');
    const last = renderDiagnostic(at(1000), { file: 'f.cnn', source: line });
    // the window is the last 100 characters: columns 901..1000, after '...'
    expect(excerptOf(last).shown).toBe('...' + 'b'.repeat(99) + 'Y');
    expect(excerptOf(last).carets).toBe(' '.repeat(3 + 99) + '^');
    expect(underCaret(last)).toBe('Y');
  });

  it('clip a span longer than the window to what is shown', () => {
    const { shown, carets } = excerptOf(renderDiagnostic(at(51, 500), { file: 'f.cnn', source: 'c'.repeat(1000) }));
    // window from column 51 - 40 = 11 (index 10) for 100 characters: the caret at 3 + 40, then 60 carets
    expect(shown).toBe('...' + 'c'.repeat(100) + '...');
    expect(carets).toBe(' '.repeat(43) + '^'.repeat(60));
  });

  it('keep the caret aligned past tabs and control characters (one column each)', () => {
    const line = '\t'.repeat(200) + '\u0007' + 'X' + 'd'.repeat(200);
    const rendered = renderDiagnostic(at(202), { file: 'f.cnn', source: line });
    expect(underCaret(rendered)).toBe('X');
    expect(excerptOf(rendered).shown).toBe('...' + ' '.repeat(39) + '?' + 'X' + 'd'.repeat(59) + '...');
  });

  it('show bidirectional overrides, isolates and line separators as ? too (they reorder or break the line)', () => {
    // U+202E (right-to-left override) at index 2, U+2066 (isolate) at 3, U+2028 (line separator) at
    // 4, U+2029 (paragraph separator) at 5: each one column, so 'X' at index 7 (column 8) keeps its caret
    const line = 'ab\u202e\u2066\u2028\u2029cX d';
    const rendered = renderDiagnostic(at(8), { file: 'f.cnn', source: line });
    expect(excerptOf(rendered).shown).toBe('ab????cX d');
    expect(underCaret(rendered)).toBe('X');
    expect(excerptOf(rendered).carets).toBe(' '.repeat(7) + '^');
  });

  it('never split a surrogate pair at the window edge', () => {
    // '😀' is two UTF-16 units, at indices 220 and 221; 'W' at index 261 (column 262) puts the window's
    // start 40 before it, at 221, the pair's second half: the window starts at 220 instead.
    const line = 'e'.repeat(220) + '😀' + 'e'.repeat(39) + 'W' + 'e'.repeat(200);
    const rendered = renderDiagnostic(at(262), { file: 'f.cnn', source: line });
    expect(excerptOf(rendered).shown).toBe('...😀' + 'e'.repeat(39) + 'W' + 'e'.repeat(58) + '...');
  });

  it('keep 20 errors on a 5 MB line to kilobytes, where the whole line each time was 100 MB', () => {
    const source = 'INPUT [1x1x1]' + ' => RELU'.repeat(625_000) + ' => REUL'.repeat(20);
    expect(source.length).toBeGreaterThan(5_000_000);
    const { diagnostics } = compile(source, { maxLayers: 10_000_000 });
    expect(diagnostics.length).toBeGreaterThan(0);
    const text = renderDiagnostics(diagnostics, { file: 'long.cnn', source }, undefined, 20);
    expect(text.length).toBeLessThan(20 * 600);
    expect(underCaret(text)).toBe('R'); // the first REUL
  }, 60_000);

  it('keep lint on a 14 KB one-line network to a few hundred bytes a finding', () => {
    const source = 'INPUT [8x8x1]' + ' => RELU'.repeat(1_750);
    expect(source.length).toBeGreaterThan(14_000);
    const linted = lintSource(source, 'long.cnn');
    expect(linted.diagnostics.length).toBeGreaterThan(1_000);
    const text = linted.diagnostics.map((d) => renderDiagnostic(d, linted)).join('');
    expect(text.length).toBeLessThan(linted.diagnostics.length * 500);
  });
});
