// One call from source text to analysis: parse, expand, analyze. Stops at the first stage that
// reports errors, and returns what each stage produced with the text itself, which lint, its
// directives and the diagnostics' excerpts read from here rather than being handed it again.

import { analyze, type Analysis, type AnalyzeOptions } from './analysis/analyze.js';
import { byPosition, type Diagnostic } from './diagnostics/diagnostic.js';
import type { NetworkFile } from './notation/ast.js';
import { expand, type ExpandOptions } from './notation/expand/index.js';
import type { Network } from './notation/network.js';
import { parse, type ParseResult } from './notation/syntax/parse.js';

export interface CompileOptions extends ExpandOptions, AnalyzeOptions {}

export interface CompileResult {
  /** The text compiled. */
  readonly source: string;
  readonly ast: NetworkFile | null;
  readonly comments: ParseResult['comments'];
  readonly network: Network | null;
  readonly analysis: Analysis | null;
  /** Errors of the stage that stopped, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const parsed = parse(source);
  const none = { source, ast: parsed.ast, comments: parsed.comments, network: null, analysis: null };
  if (!parsed.ast) return { ...none, diagnostics: [...parsed.diagnostics].sort(byPosition) };
  const expanded = expand(parsed, options);
  if (!expanded.network) return { ...none, diagnostics: [...expanded.diagnostics].sort(byPosition) };
  const analyzed = analyze(expanded.network, options);
  return { ...none, network: expanded.network, analysis: analyzed.analysis, diagnostics: [...analyzed.diagnostics].sort(byPosition) };
}
