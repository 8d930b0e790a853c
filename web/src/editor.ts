// The text area: a plain <textarea> over a backdrop that marks the errors' spans, beside a gutter
// of line numbers (the lines counted as the lexer counts them). The backdrop's text is
// transparent and laid out exactly as the textarea's, so each <mark> sits under its characters.

import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { sourceLines } from '../../src/diagnostics/span.js';
import { escapeHtml, setHtml } from './html.js';

export interface Editor {
  readonly textarea: HTMLTextAreaElement;
  /** Marks these errors' spans and lines (none: clears the marks). */
  mark(errors: readonly Diagnostic[]): void;
  /** Selects a span and scrolls it into view. */
  select(from: number, to: number): void;
}

function gutterHtml(lineCount: number, errorLines: ReadonlySet<number>): string {
  const lines: string[] = [];
  for (let n = 1; n <= lineCount; n++) lines.push(errorLines.has(n) ? `<span class="error-line">${n}</span>` : String(n));
  return lines.join('\n');
}

/** The text up to the last span with each span in a <mark>: a span that covers no character
 *  (an error at the end of a line) gets an empty mark, drawn as a bar. */
function backdropHtml(text: string, errors: readonly Diagnostic[]): string {
  let html = '';
  let at = 0;
  for (const d of errors) {
    const from = d.span.start.offset;
    if (from < at) continue; // overlapping the previous span: already marked
    const to = Math.max(from, Math.min(d.span.end.offset, text.length));
    const empty = to === from ? ' class="point"' : '';
    html += `${escapeHtml(text.slice(at, from))}<mark${empty}>${escapeHtml(text.slice(from, to))}</mark>`;
    at = to;
  }
  return html;
}

export function createEditor(textarea: HTMLTextAreaElement, gutter: HTMLElement, backdrop: HTMLElement): Editor {
  let gutterKey = '';
  const follow = (): void => {
    gutter.scrollTop = textarea.scrollTop;
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener('scroll', follow);
  return {
    textarea,
    mark(errors) {
      const text = textarea.value;
      const errorLines = new Set(errors.map((d) => d.span.start.line));
      // the gutter changes only with the line count or the error lines: not on most keystrokes
      const lineCount = sourceLines(text).length;
      const key = `${lineCount}:${[...errorLines].join(',')}`;
      if (key !== gutterKey) {
        gutterKey = key;
        gutter.innerHTML = gutterHtml(lineCount, errorLines) + '\n';
      }
      setHtml(backdrop, errors.length ? backdropHtml(text, errors) : '');
      follow();
    },
    select(from, to) {
      textarea.focus();
      textarea.setSelectionRange(from, Math.max(from, to));
      // focus() scrolls the caret into view in most browsers; set the line's position for the rest
      const line = sourceLines(textarea.value.slice(0, from)).length;
      const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
      const top = (line - 1) * lineHeight;
      if (top < textarea.scrollTop || top > textarea.scrollTop + textarea.clientHeight - lineHeight) textarea.scrollTop = Math.max(0, top - textarea.clientHeight / 3);
      follow();
    },
  };
}
