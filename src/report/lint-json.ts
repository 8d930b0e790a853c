// Lint findings as JSON: {"schemaVersion", "diagnostics": [{rule, severity, file, line, column, endLine, endColumn,
// message, hint}], "summary": {errors, warnings, notes}}. Errors that kept a file from compiling are
// entries too, with their error code (`syntax`, `unknown-name`, ...) as the rule, and a file that
// could not be read is an `unreadable-file` error at 1:1; the CLI's summary counts them all.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LintCounts, LintedFile } from '../lint/lint.js';
import { SCHEMA_VERSION } from './json.js';
import { jsonLines } from './json-lines.js';
import type { Lines } from './lines.js';

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
    schemaVersion: SCHEMA_VERSION,
    diagnostics: files.flatMap((f) => [...f.compileErrors, ...f.diagnostics].map((d) => entry(d, f.file))),
    summary: counts,
  };
}

/** As JSON lines, written in chunks by the CLI: a long file's findings outgrow one string. */
export function lintJsonLines(files: readonly LintedFile[], counts: LintCounts): Lines {
  return jsonLines(lintJson(files, counts));
}
