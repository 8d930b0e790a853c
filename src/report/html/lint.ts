// The report's lint findings: each as `cnncalc lint` prints it (report/diagnostics.ts: where,
// severity, rule, message, the source line with a caret, the fix), HTML-escaped in a block of its
// own, under lint's summary line.

import { countSeverities, type LintedFile } from '../../lint/lint.js';
import { renderDiagnostic } from '../diagnostics.js';
import { lintSummary } from '../lint-text.js';
import { PLAIN } from '../plain.js';
import { escapeHtml } from './escape.js';

/** lint's summary line: "0 errors, 2 warnings, 1 note". */
export function lintCountsText(lint: LintedFile): string {
  return lintSummary(countSeverities(lint.diagnostics), 0, PLAIN).trim();
}

export function lintSection(lint: LintedFile): string {
  const summary = lintCountsText(lint);
  const findings = lint.diagnostics.map((d) => `<pre class="finding ${d.severity}">${escapeHtml(renderDiagnostic(d, lint, PLAIN).trimEnd())}</pre>`);
  return [`<p>${escapeHtml(summary)}</p>`, ...findings].join('\n');
}
