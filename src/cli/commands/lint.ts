// cnncalc lint FILE...: reviews network designs against the lint rules (src/lint). Reads and compiles
// each file, lints it, prints in the chosen format, and decides the exit code: 2 when a file is bad
// input (unreadable, or it does not compile; the other files are linted all the same), else 1 when
// there is an error or more warnings than --max-warnings, else 0.

import { explainRule, listRules } from '../../lint/explain.js';
import { lintSource } from '../../lint/index.js';
import { countSeverities, unreadableFile, type LintConfig, type LintedFile, type RuleLevel } from '../../lint/lint.js';
import { RULES, ruleById } from '../../lint/registry.js';
import { renderDiagnostics } from '../../report/diagnostics.js';
import { renderLintGithub } from '../../report/lint-github.js';
import { renderLintJson } from '../../report/lint-json.js';
import { renderLintSarif } from '../../report/lint-sarif.js';
import { renderLintText } from '../../report/lint-text.js';
import { nearest } from '../../util/suggest.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chalkFor, readSource, type Io } from '../io.js';
import { compileOptions, MAX_SHOWN_ERRORS } from '../load.js';
import { COLOR, formatOption, integerOption, NETWORK_OPTIONS, NO_COLOR, type Values } from '../options.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
const LEVELS: readonly RuleLevel[] = ['off', 'note', 'warning', 'error'];

function unknownRule(id: string): UsageError {
  const guess = nearest(id, RULES.map((r) => r.id));
  return new UsageError(`'${id}' is not a lint rule${guess ? `; did you mean '${guess}'?` : ''} (cnncalc lint --list shows them)`);
}

function ruleLevels(entries: readonly string[]): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  for (const entry of entries) {
    const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(entry.trim());
    if (!m) throw new UsageError(`--rule takes ID=off|note|warning|error, e.g. --rule large-pool=off; got '${entry}'`);
    if (!ruleById(m[1]!)) throw unknownRule(m[1]!);
    if (!(LEVELS as readonly string[]).includes(m[2]!)) throw new UsageError(`--rule ${m[1]}: the level is off, note, warning or error; got '${m[2]}'`);
    levels[m[1]!] = m[2] as RuleLevel;
  }
  return levels;
}

/** Reads, compiles and lints one file; an unreadable file is a compile error of its own
 *  (unreadableFile), with the reader's one-line message. */
function lintFile(path: string, values: Values, config: LintConfig): { linted: LintedFile; unreadable?: string } {
  let source: string;
  try {
    source = readSource(path);
  } catch (e) {
    if (e instanceof UsageError) return { linted: unreadableFile(path, e.message), unreadable: e.message };
    throw e;
  }
  return { linted: lintSource(source, path, config, compileOptions(values)) };
}

function render(format: string, files: readonly LintedFile[], values: Values, io: Io): string {
  const counts = countSeverities(files.flatMap((f) => f.diagnostics));
  // Machine output counts every error it lists, those that kept a file from being linted included;
  // the text summary counts findings and names the files that could not be linted apart.
  if (format === 'json') return renderLintJson(files, countSeverities(files.flatMap((f) => [...f.compileErrors, ...f.diagnostics])));
  if (format === 'sarif') return renderLintSarif(files);
  if (format === 'github') return renderLintGithub(files);
  return renderLintText(files, counts, chalkFor(values, io, 'stdout'));
}

export const lint: Command = {
  name: 'lint',
  summary: 'Review network designs: windows that do not fit, strides that skip input, linear stacks, parameter-heavy layers, and more.',
  usage: 'cnncalc lint FILE... [options]',
  options: [
    { name: 'format', short: 'f', type: 'string', value: 'text|json|sarif|github', description: 'output format (default text); sarif for code scanning, github for workflow annotations' },
    { name: 'rule', type: 'string', multiple: true, value: 'ID=LEVEL', description: 'set a rule to off, note, warning or error (repeatable): --rule large-pool=off' },
    { name: 'strict', type: 'boolean', description: 'window-not-integral findings are errors (every window must slide cleanly)' },
    { name: 'max-warnings', type: 'string', value: 'N', description: 'fail (exit 1) when there are more than N warnings (default: no limit)' },
    { name: 'explain', type: 'string', value: 'RULE', description: "print a rule's documentation: what it reports, why, how to fix it" },
    { name: 'list', type: 'boolean', description: 'list the rules with their default severities' },
    ...NETWORK_OPTIONS,
    COLOR,
    NO_COLOR,
  ],
  details: [
    'Exit codes: 0 no errors (and no more warnings than --max-warnings), 1 otherwise, 2 bad input',
    '(a file that cannot be read or does not compile; the other files are linted all the same).',
    "Silence one finding with '# cnncalc-disable-next-line RULE[, RULE...]' on the line above it.",
    'Examples:',
    '  cnncalc lint examples/*.cnn',
    '  cnncalc lint examples/zfnet_paper224.cnn --strict',
    '  cnncalc lint nets/*.cnn --format sarif > cnncalc.sarif',
    '  cnncalc lint --explain window-not-integral',
  ].join('\n'),
  run({ values, positionals, io }) {
    if (values['list']) {
      io.stdout(listRules());
      return EXIT.ok;
    }
    const explain = values['explain'] as string | undefined;
    if (explain !== undefined) {
      const rule = ruleById(explain);
      if (!rule) throw unknownRule(explain);
      io.stdout(explainRule(rule));
      return EXIT.ok;
    }
    const format = formatOption(values, FORMATS);
    if (positionals.length === 0) throw new UsageError("lint takes one or more network files, e.g. 'cnncalc lint examples/*.cnn'");
    const maxWarnings = integerOption(values['max-warnings'] as string | undefined, '--max-warnings', 0);
    const config: LintConfig = { rules: ruleLevels((values['rule'] as string[] | undefined) ?? []), strict: values['strict'] === true };

    const files: LintedFile[] = [];
    let badInput = false;
    const errChalk = chalkFor(values, io, 'stderr');
    for (const path of positionals) {
      const { linted, unreadable } = lintFile(path, values, config);
      if (unreadable !== undefined) io.stderr(`cnncalc lint: ${unreadable}\n`);
      else if (linted.compileErrors.length > 0 && format === 'text') io.stderr(renderDiagnostics(linted.compileErrors, path, linted.source, errChalk, MAX_SHOWN_ERRORS));
      if (linted.compileErrors.length > 0) badInput = true;
      files.push(linted);
    }
    io.stdout(render(format, files, values, io));
    const counts = countSeverities(files.flatMap((f) => f.diagnostics));
    if (badInput) return EXIT.badInput;
    if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
      io.stderr(`cnncalc lint: ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows\n`);
      return EXIT.checkFailed;
    }
    if (counts.errors > 0) return EXIT.checkFailed;
    return EXIT.ok;
  },
};
