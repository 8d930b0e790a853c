// The lint part of the library: lint a compiled file, or a source text in one call (as a browser
// playground would), the rules and their documentation, and the formatters' data builders.

import { compile, type CompileOptions } from '../api.js';
import { lint, type LintConfig, type LintedFile } from './lint.js';

/** Compiles `source` and lints it: the compile errors, or the findings. */
export function lintSource(source: string, file = '<input>', config: LintConfig = {}, options: CompileOptions = {}): LintedFile {
  const compiled = compile(source, options);
  const compileErrors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (compileErrors.length > 0 || !compiled.analysis) return { file, source, diagnostics: [], compileErrors };
  return { file, source, diagnostics: lint(compiled, config).diagnostics, compileErrors: [] };
}

export { lint, countSeverities, lintCounts, type LintConfig, type LintCounts, type LintedFile, type LintResult, type RuleLevel } from './lint.js';
export { RULES, ruleById } from './registry.js';
export { explainRule, listRules, lintDocsMarkdown } from './explain.js';
export { parseDirectives, unknownDirectives, type Directive } from './directives.js';
export { CONFIG_FILE, configForPath, parseLintConfigFile, type ConfigOverride, type LintConfigFile } from './config-file.js';
export type { Rule, RuleContext, RuleDocs } from './types.js';
