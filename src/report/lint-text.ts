// Lint findings for people: each as report/diagnostics.ts renders every diagnostic (file:line:col,
// severity, rule id, message; the source line with a caret; the fix), then one summary line. The
// errors that kept a file from compiling are part of the report (as eslint reports parse errors),
// first for their file; the summary counts them (lintCounts), as the JSON summary does.

import type { Paint } from './plain.js';
import { UNREADABLE_FILE, type LintCounts, type LintedFile } from '../lint/lint.js';
import { renderDiagnostic } from './diagnostics.js';

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "2 errors, 1 warning, 0 notes", and the files that could not be linted. */
export function lintSummary(counts: LintCounts, failed: number, chalk: Paint): string {
  const parts = [count(counts.errors, 'error'), count(counts.warnings, 'warning'), count(counts.notes, 'note')];
  const colour = counts.errors > 0 ? chalk.red.bold : counts.warnings > 0 ? chalk.yellow.bold : chalk.green;
  const tail = failed > 0 ? `; ${count(failed, 'file')} could not be linted (see the errors above)` : '';
  return colour(parts.join(', ')) + tail + '\n';
}

export function renderLintText(files: readonly LintedFile[], counts: LintCounts, chalk: Paint): string {
  // a file that could not be read has no source to show: the CLI says why on stderr
  const shown = (f: LintedFile) => [...f.compileErrors.filter((d) => d.code !== UNREADABLE_FILE), ...f.diagnostics];
  const body = files.flatMap((f) => shown(f).map((d) => renderDiagnostic(d, f, chalk)));
  const failed = files.filter((f) => f.compileErrors.length > 0).length;
  return body.join('') + (body.length > 0 ? '\n' : '') + lintSummary(counts, failed, chalk);
}
