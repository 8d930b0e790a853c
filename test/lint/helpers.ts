// Lint helpers for the tests: lint a source (it must compile) and keep compact records.
import { compile } from '../../src/api.js';
import { lint, type LintConfig } from '../../src/lint/lint.js';

export function lintSource(source: string, config: LintConfig = {}) {
  const compiled = compile(source);
  if (!compiled.analysis) throw new Error(`expected the source to compile:\n${source}\n${JSON.stringify(compiled.diagnostics, null, 1)}`);
  return lint(compiled, config);
}

/** {rule, line, column, severity} of each finding, optionally of one rule only. */
export function findings(source: string, config: LintConfig = {}, rule?: string) {
  return lintSource(source, config)
    .diagnostics.filter((d) => rule === undefined || d.code === rule)
    .map((d) => ({ rule: d.code, line: d.span.start.line, column: d.span.start.column, severity: d.severity }));
}

export function messagesOf(source: string, rule: string, config: LintConfig = {}): string[] {
  return lintSource(source, config).diagnostics.filter((d) => d.code === rule).map((d) => d.message);
}
