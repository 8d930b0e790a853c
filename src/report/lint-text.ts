// Lint findings for people: each as report/diagnostics.ts renders every diagnostic (file:line:col,
// severity, rule id, message; the source line with a caret; the fix), then one summary line.
// Files that did not compile are rendered by the CLI on stderr, as every command does; the summary
// counts their errors all the same (lintCounts), as the JSON summary does.

import type { Paint } from './plain.js';
import type { LintCounts, LintedFile } from '../lint/lint.js';
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
  const body = files.flatMap((f) => f.diagnostics.map((d) => renderDiagnostic(d, f.file, f.source, chalk)));
  const failed = files.filter((f) => f.compileErrors.length > 0).length;
  return body.join('') + (body.length > 0 ? '\n' : '') + lintSummary(counts, failed, chalk);
}
