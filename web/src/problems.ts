// The errors under the text area, each as the CLI prints it (report/diagnostics.ts: file:line:
// column, the code, the message, the source line with carets under the span and the fix), as a
// button that selects its span in the text area.

import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../src/report/diagnostics.js';
import { escapeHtml } from './html.js';

/** As many as `cnncalc` prints per file (cli/load.ts MAX_SHOWN_ERRORS). */
const SHOWN = 20;

export function problemsHtml(errors: readonly Diagnostic[], file: string, source: string): string {
  if (errors.length === 0) return '<p class="ok">No errors.</p>';
  const items = errors.slice(0, SHOWN).map((d, i) => {
    const where = `line ${d.span.start.line}, column ${d.span.start.column}`;
    return `<li><button type="button" class="problem" data-index="${i}" title="select ${where}"><pre>${escapeHtml(renderDiagnostic(d, { file, source }))}</pre></button></li>`;
  });
  const more = errors.length - SHOWN;
  const tail = more > 0 ? `<li class="more">${more} more error${more === 1 ? '' : 's'} not shown; fix these first</li>` : '';
  return `<ol class="problems">${items.join('')}${tail}</ol>`;
}

/** Calls `select` with the span of the error whose button is clicked. */
export function onProblemClick(list: HTMLElement, errors: () => readonly Diagnostic[], select: (from: number, to: number) => void): void {
  list.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('button.problem');
    const d = button ? errors()[Number(button.dataset.index)] : undefined;
    if (d) select(d.span.start.offset, d.span.end.offset);
  });
}
