// Lint findings as JSON: {"diagnostics": [{rule, severity, file, line, column, endLine, endColumn,
// message, hint}], "summary": {errors, warnings, notes}}. Errors that kept a file from compiling are
// entries too, with their error code (`syntax`, `unknown-name`, ...) as the rule, and a file that
// could not be read is an `unreadable-file` error at 1:1; the CLI's summary counts them all.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LintCounts, LintedFile } from '../lint/lint.js';

function entry(d: Diagnostic, file: string) {
  return {
    rule: d.code,
    severity: d.severity,
    file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    message: d.message,
    hint: d.hint,
  };
}

export function lintJson(files: readonly LintedFile[], counts: LintCounts) {
  return {
    diagnostics: files.flatMap((f) => [...f.compileErrors, ...f.diagnostics].map((d) => entry(d, f.file))),
    summary: counts,
  };
}

export function renderLintJson(files: readonly LintedFile[], counts: LintCounts): string {
  return JSON.stringify(lintJson(files, counts), null, 2) + '\n';
}
