// What a lint rule is: a stable id, a default severity, its documentation (what, why, how to fix) and
// a check over the finished analysis. Rules return diagnostics (code = rule id); lint.ts applies the
// configuration (--rule, --strict), the disable directives and the de-duplication of layers that a
// repeat or a binding expands more than once. Nothing here reads files or touches the running program.

import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { NetworkFile } from '../notation/ast.js';
import type { Directive } from './directives.js';

export interface RuleDocs {
  /** One line, for --list and SARIF's shortDescription. */
  readonly summary: string;
  /** What the rule reports. */
  readonly what: string;
  /** Why it matters (the cs231n notes' reasoning where they give one). */
  readonly why: string;
  /** How to fix it. */
  readonly fix: string;
}

export interface Comment {
  readonly text: string;
  readonly span: Span;
}

export interface RuleContext {
  readonly analysis: Analysis;
  readonly ast: NetworkFile;
  readonly comments: readonly Comment[];
  readonly directives: readonly Directive[];
  /** For rules that run after the others (`late`): which directive entries silenced something. */
  readonly used: ReadonlySet<Directive['rules'][number]>;
  /** The ids of the rules that are not switched off (--rule ID=off). */
  readonly active: ReadonlySet<string>;
}

export interface Rule {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** The severity under --strict, when it differs (window-not-integral: error). */
  readonly strictSeverity?: Severity;
  /** Runs after the other rules' findings were filtered by the directives (unused-disable-directive). */
  readonly late?: boolean;
  readonly docs: RuleDocs;
  check(ctx: RuleContext): Diagnostic[];
}

/** A finding of `rule` at `span`; `severity` lowers or raises the default for this one finding. */
export function finding(rule: Pick<Rule, 'id' | 'defaultSeverity'>, span: Span, message: string, hint: string, severity: Severity = rule.defaultSeverity): Diagnostic {
  return { code: rule.id, severity, message, hint, span };
}

/** A finding about a layer: at the layer's span. */
export function layerFinding(rule: Pick<Rule, 'id' | 'defaultSeverity'>, layer: LayerAnalysis, message: string, hint: string, severity?: Severity): Diagnostic {
  return finding(rule, layer.node.span, message, hint, severity);
}
