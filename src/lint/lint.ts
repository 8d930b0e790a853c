// lint(compiled, config): runs every rule over one compiled file and returns its findings,
// configured and filtered, in source order. The steps, in order:
//  1. each rule's check (a rule may lower or raise its default severity for one finding);
//  2. one finding per rule and layer position: a layer that a repeat or a binding expands several
//     times is reported once, with the most severe of its findings;
//  3. --strict (rules with a strictSeverity take it), then --rule overrides (off drops the rule);
//  4. the disable directives (next-line, line and file forms: directives.ts) drop the findings of
//     the rules they name;
//  5. the `late` rules (unused-disable-directive), which see which directives were used.
// No Node APIs: the CLI reads the files; a browser can call this as it is.

import type { CompileResult } from '../api.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { START_SPAN, type Position } from '../diagnostics/span.js';
import { appliesTo, parseDirectives, type Directive, type DirectiveRule } from './directives.js';
import { RULES } from './registry.js';
import type { Rule, RuleContext } from './types.js';

export type RuleLevel = Severity | 'off';

export interface LintConfig {
  /** --rule ID=LEVEL, applied after --strict. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /** --strict: rules with a strictSeverity (window-not-integral) report at it. */
  readonly strict?: boolean;
}

export interface LintCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

/** One file as the CLI and the formatters see it: its lint findings, or the errors that kept it from compiling. */
export interface LintedFile {
  /** The path as given on the command line (SARIF and GitHub annotations use it as the location). */
  readonly file: string;
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Syntax and semantic errors, or the file could not be read (unreadableFile): when there are
   *  any, the file was not linted. */
  readonly compileErrors: readonly Diagnostic[];
}

/** The rule id of the error standing for a file that could not be read (missing, a directory, binary). */
export const UNREADABLE_FILE = 'unreadable-file';

/** A file that could not be read, as a LintedFile: one error at `at` (a NUL byte's position) or else
 *  at line 1, column 1, so that every format
 *  lists it and counts it as a file that could not be linted. `why` is the reader's one-line message,
 *  "what is wrong; what to do" (its last '; ' part becomes the hint). */
export function unreadableFile(file: string, why: string, at?: Position): LintedFile {
  const cut = why.lastIndexOf('; ');
  const message = cut < 0 ? why : why.slice(0, cut);
  const hint = cut < 0 ? 'check the path' : why.slice(cut + 2);
  const span = at ? { start: at, end: { ...at, offset: at.offset + 1, column: at.column + 1 } } : START_SPAN;
  const error: Diagnostic = { code: UNREADABLE_FILE, severity: 'error', message, hint, span };
  return { file, source: '', diagnostics: [], compileErrors: [error] };
}

export interface LintResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly counts: LintCounts;
}

const RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

/** The counts of a lint run, in every format and for the exit code: the findings and the errors that
 *  kept a file from being linted (a file that does not compile counts as one error or more). */
export function lintCounts(files: readonly LintedFile[]): LintCounts {
  return countSeverities(files.flatMap((f) => [...f.compileErrors, ...f.diagnostics]));
}

export function countSeverities(diagnostics: readonly Diagnostic[]): LintCounts {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes };
}

/** Step 2: the layers of `[CONV5-64 => RELU]*3` or of a block used four times share one span. */
function oncePerPosition(found: readonly Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of found) {
    const key = `${d.code}@${d.span.start.offset}-${d.span.end.offset}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  return [...groups.values()].map((group) => {
    const first = group.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
    const others = group.filter((d) => d.message !== first.message).length;
    if (others === 0) return first;
    return { ...first, message: `${first.message} (and ${others} more expansion${others === 1 ? '' : 's'} of this layer)` };
  });
}

function levelOf(rule: Rule, d: Diagnostic, config: LintConfig): RuleLevel {
  const override = config.rules?.[rule.id];
  if (override !== undefined) return override;
  if (config.strict && rule.strictSeverity) return rule.strictSeverity;
  return d.severity;
}

function configured(rule: Rule, found: readonly Diagnostic[], config: LintConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of found) {
    const level = levelOf(rule, d, config);
    if (level !== 'off') out.push(level === d.severity ? d : { ...d, severity: level });
  }
  return out;
}

/** Step 4: drops what a directive silences and records which directive entries were used. */
function silence(found: readonly Diagnostic[], directives: readonly Directive[], used: Set<DirectiveRule>): Diagnostic[] {
  return found.filter((d) => {
    let silenced = false;
    for (const dir of directives) {
      if (!appliesTo(dir, d.span.start.line)) continue;
      for (const r of dir.rules) {
        if (r.id !== d.code) continue;
        used.add(r);
        silenced = true;
      }
    }
    return !silenced;
  });
}

export function lint(compiled: CompileResult, config: LintConfig = {}): LintResult {
  const { analysis, ast } = compiled;
  if (!analysis || !ast) return { diagnostics: [], counts: { errors: 0, warnings: 0, notes: 0 } };
  const directives = parseDirectives(compiled);
  const used = new Set<DirectiveRule>();
  const active = new Set(RULES.filter((r) => config.rules?.[r.id] !== 'off').map((r) => r.id));
  const ctx: RuleContext = { analysis, ast, comments: compiled.comments, directives, used, active };
  const run = (rule: Rule): Diagnostic[] => {
    if (config.rules?.[rule.id] === 'off') return [];
    return configured(rule, oncePerPosition(rule.check(ctx)), config);
  };
  const early = silence(RULES.filter((r) => !r.late).flatMap(run), directives, used);
  const late = RULES.filter((r) => r.late).flatMap(run);
  const diagnostics = [...early, ...late].sort((a, b) => a.span.start.offset - b.span.start.offset || RANK[b.severity] - RANK[a.severity]);
  return { diagnostics, counts: countSeverities(diagnostics) };
}
