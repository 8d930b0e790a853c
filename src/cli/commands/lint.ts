// cnncalc lint FILE...: reviews network designs against the lint rules (src/lint). Finds each file's
// cnncalc.config.json (cli/lint-config.ts), reads, compiles and lints the file, prints in the chosen
// format (to stdout, or to --output-file), and decides the exit code: 2 when the configuration or a
// file is bad input (a file that cannot be read or does not compile; the other files are linted all
// the same), else 1 when there is an error or more warnings than max-warnings allows, else 0.

import { NotText } from '../network-text.js';
import { explainRule, listRules } from '../../lint/explain.js';
import { lintSource } from '../../lint/index.js';
import { RULE_LEVELS } from '../../lint/config-file.js';
import { countSeverities, lintCounts, unreadableFile, type LintConfig, type LintedFile, type RuleLevel } from '../../lint/lint.js';
import { RULES, ruleById } from '../../lint/registry.js';
import type { Rule } from '../../lint/types.js';
import { renderDiagnostics } from '../../report/diagnostics.js';
import { renderLintGithub } from '../../report/lint-github.js';
import { lintJsonLines } from '../../report/lint-json.js';
import { renderRuleJson, renderRuleListJson } from '../../report/lint-rules-json.js';
import { lintSarifLines } from '../../report/lint-sarif.js';
import { renderLintText } from '../../report/lint-text.js';
import type { Lines } from '../../report/lines.js';
import { PLAIN, type Paint } from '../../report/plain.js';
import { pathText } from '../../util/path-text.js';
import { nearest } from '../../util/suggest.js';
import { refuseOutputOverInputs, STDOUT_PATH, writeFileAtomic } from '../atomic-write.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chosenFormat, formatOption, isFormat, type Formats } from '../formats.js';
import { chalkFor, checkWritable, type Io } from '../io.js';
import { BadLintConfig, effectiveConfig, LintConfigFinder, type FoundConfig } from '../lint-config.js';
import { compileOptions, MAX_SHOWN_ERRORS, networkName, networkPaths, readNetworkText, STDIN_PATH } from '../load.js';
import { linesBytes, writeLines } from '../output.js';
import { integerOption, NETWORK_OPTIONS, type NetworkValues } from '../options.js';

/** A finished text as Lines (one entry may hold several lines; the writer ends it with a newline). */
function textLines(text: string): Lines {
  return text === '' ? [] : [text.endsWith('\n') ? text.slice(0, -1) : text];
}

// JSON and SARIF come as lines (written in chunks): a long file's findings outgrow one string.
// One count everywhere: the errors that kept a file from being linted are errors in every format.
const FORMATS: Formats<'text' | 'json' | 'sarif' | 'github', (files: readonly LintedFile[], paint: Paint) => Lines> = {
  text: (files, paint) => textLines(renderLintText(files, lintCounts(files), paint)),
  json: (files) => lintJsonLines(files, lintCounts(files)),
  sarif: (files) => lintSarifLines(files, { cwd: process.cwd(), windows: process.platform === 'win32' }),
  github: (files) => textLines(renderLintGithub(files)),
};

/** --list and --explain: the rule list, or one rule's documentation. */
const RULE_FORMATS: Formats<'text' | 'json', { list: () => string; explain: (rule: Rule) => string }> = {
  text: { list: listRules, explain: explainRule },
  json: { list: () => renderRuleListJson(RULES), explain: renderRuleJson },
};

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
    const level = RULE_LEVELS.find((l) => l === m[2]);
    if (level === undefined) throw new UsageError(`--rule ${m[1]}: the level is off, note, warning or error; got '${m[2]}'`);
    levels[m[1]!] = level;
  }
  return levels;
}

/** Reads, compiles and lints one network (a file, stdin or --eval: load.ts); one that cannot be read
 *  is a compile error of its own (unreadableFile), with the reader's one-line message. */
function lintFile(path: string, values: NetworkValues, io: Io, config: LintConfig): { linted: LintedFile; unreadable?: string } {
  const name = networkName(path, values);
  let source: string;
  try {
    source = readNetworkText(path, values, io);
  } catch (e) {
    if (e instanceof UsageError) return { linted: unreadableFile(name, e.message, e instanceof NotText ? e.at : undefined), unreadable: e.message };
    throw e;
  }
  return { linted: lintSource(source, name, config, compileOptions(values)) };
}

/** Where to look for a network's cnncalc.config.json: its folder; for stdin the folder of
 *  --stdin-filename (as eslint does), else, and for --eval, the working folder ('-'). */
export function configPath(path: string, values: NetworkValues): string {
  if (values.eval !== undefined) return STDIN_PATH;
  if (path === STDIN_PATH) return values['stdin-filename'] ?? STDIN_PATH;
  return path;
}

/** --quiet: errors only, as eslint's; the counts of every format then agree with what is shown. */
function errorsOnly(file: LintedFile): LintedFile {
  return { ...file, diagnostics: file.diagnostics.filter((d) => d.severity === 'error') };
}

/** --list and --explain, in text or JSON, to stdout or --output-file. */
function describeRules(values: { readonly explain?: string; readonly 'output-file'?: string }, format: string, io: Io): number {
  if (!isFormat(format, RULE_FORMATS)) throw new UsageError(`--list and --explain print text or json, not ${format}`);
  const describe = RULE_FORMATS[format];
  const target = reportTarget(values['output-file'], [], io);
  if (values.explain === undefined) {
    target.write(textLines(describe.list()));
    return EXIT.ok;
  }
  const rule = ruleById(values.explain);
  if (!rule) throw unknownRule(values.explain);
  target.write(textLines(describe.explain(rule)));
  return EXIT.ok;
}

/** Each network's configuration: its cnncalc.config.json (if any) under the command line's settings. */
function configsFor(paths: readonly string[], values: NetworkValues, cli: LintConfig): { found: FoundConfig | null; config: LintConfig }[] {
  const finder = new LintConfigFinder();
  return paths.map((path) => {
    const at = configPath(path, values);
    const found = finder.find(at);
    return { found, config: effectiveConfig(found, at, cli) };
  });
}

/** The warning limits that are exceeded: --max-warnings over every file, else each configuration's
 *  maxWarnings over the files it governs. Counts every warning, those --quiet hides too (eslint). */
function warningsOverLimits(files: readonly LintedFile[], found: readonly (FoundConfig | null)[], cliLimit: number | undefined): string[] {
  const warnings = (fs: readonly LintedFile[]): number => countSeverities(fs.flatMap((f) => f.diagnostics)).warnings;
  const words = (n: number): string => `${n} warning${n === 1 ? '' : 's'}`;
  if (cliLimit !== undefined) {
    const n = warnings(files);
    return n > cliLimit ? [`${words(n)}, more than --max-warnings ${cliLimit} allows`] : [];
  }
  const out: string[] = [];
  for (const config of new Set(found)) {
    const limit = config?.config.maxWarnings;
    if (!config || limit === undefined) continue;
    const n = warnings(files.filter((_, i) => found[i] === config));
    if (n > limit) out.push(`${words(n)} in the files ${pathText(config.path)} governs, more than its maxWarnings ${limit} allows`);
  }
  return out;
}

/** Where the report goes: stdout, or --output-file (checked before linting; written whole at the
 *  end through a temporary file, so that a failed run never leaves half a report). */
function reportTarget(path: string | undefined, paths: readonly string[], io: Io): { write: (lines: Lines) => void; toFile: boolean } {
  if (path === undefined || path === STDOUT_PATH) return { write: (lines) => writeLines(io.stdout, lines), toFile: false };
  checkWritable(path, 'the report');
  refuseOutputOverInputs({ path, what: 'the report' }, paths.map((p) => ({ path: p, what: 'the network' })));
  return { write: (lines) => writeFileAtomic(path, linesBytes(lines), 'the report'), toFile: true };
}

export const lint = defineCommand({
  name: 'lint',
  summary: 'Review network designs: windows that do not fit, strides that skip input, linear stacks, parameter-heavy layers, and more.',
  usage: 'cnncalc lint FILE... [options]',
  options: [
    formatOption(FORMATS, (first) => `output format (default ${first}); sarif for code scanning, github for workflow annotations`),
    { name: 'output-file', short: 'o', type: 'string', value: 'FILE', description: "write the report to FILE instead of stdout (the exit code is the same; '-' is stdout)" },
    { name: 'quiet', type: 'boolean', description: 'report errors only (warnings still count for --max-warnings)' },
    { name: 'rule', type: 'string', multiple: true, value: 'ID=LEVEL', description: 'set a rule to off, note, warning or error (repeatable; wins over cnncalc.config.json): --rule large-pool=off' },
    { name: 'strict', type: 'boolean', description: 'window-not-integral findings are errors (every window must slide cleanly)' },
    { name: 'max-warnings', type: 'string', value: 'N', description: "fail (exit 1) when there are more than N warnings (default: the config file's maxWarnings, else no limit)" },
    { name: 'explain', type: 'string', value: 'RULE', description: "print a rule's documentation: what it reports, why, how to fix it (--format json for JSON)" },
    { name: 'list', type: 'boolean', description: 'list the rules with their default severities (--format json for JSON)' },
    ...NETWORK_OPTIONS,
  ],
  details: [
    'Exit codes: 0 no errors (and no more warnings than --max-warnings), 1 otherwise, 2 bad input',
    '(a bad cnncalc.config.json, or a file that cannot be read or does not compile; the other files',
    'are linted all the same).',
    'Configuration: the nearest cnncalc.config.json in each file\'s folder or above it sets rule levels,',
    'per-glob overrides, strict and maxWarnings (docs/lint.md); --rule, --strict and --max-warnings win.',
    "Silence findings with '# cnncalc-disable-next-line RULE[, RULE...]' on the line above,",
    "'# cnncalc-disable-line RULE' at the end of the line, or '# cnncalc-disable RULE' for the file.",
    'Examples:',
    '  cnncalc lint examples/*.cnn',
    '  cnncalc lint examples/zfnet_paper224.cnn --strict',
    '  cnncalc lint nets/*.cnn --format sarif -o cnncalc.sarif',
    '  cnncalc lint --explain window-not-integral',
  ].join('\n'),
  run({ values, positionals, io }) {
    const format = chosenFormat(values, FORMATS);
    if (values.list || values.explain !== undefined) return describeRules(values, format, io);
    const paths = networkPaths(positionals, 'lint', values); // or '-' (stdin), or --eval's
    if (paths.length === 0) throw new UsageError("lint takes one or more network files, e.g. 'cnncalc lint examples/*.cnn' (or '-' for stdin, or -e 'INPUT ...')");
    const maxWarnings = integerOption(values['max-warnings'], '--max-warnings', 0);
    const cli: LintConfig = { rules: ruleLevels(values.rule ?? []), strict: values.strict === true };
    const target = reportTarget(values['output-file'], paths, io);
    const errChalk = chalkFor(values, io, 'stderr');
    let configs: ReturnType<typeof configsFor>;
    try {
      configs = configsFor(paths, values, cli);
    } catch (e) {
      if (!(e instanceof BadLintConfig)) throw e;
      io.stderr(renderDiagnostics(e.errors, e, errChalk, MAX_SHOWN_ERRORS));
      return EXIT.badInput;
    }

    const files = paths.map((path, i) => {
      const { linted, unreadable } = lintFile(path, values, io, configs[i]!.config);
      // a file that cannot be read is said on stderr as every command says it (machine formats list
      // it too); compile errors are findings of the report in every format, the first 20 of a file
      if (unreadable !== undefined) io.stderr(`cnncalc lint: ${unreadable}\n`);
      return linted;
    });
    const shown = files.map((f) => (f.compileErrors.length > MAX_SHOWN_ERRORS ? { ...f, compileErrors: f.compileErrors.slice(0, MAX_SHOWN_ERRORS) } : f));
    const reported = values.quiet ? shown.map(errorsOnly) : shown;
    const paint = !target.toFile || values.color === true ? chalkFor(values, io, 'stdout') : PLAIN;
    target.write(FORMATS[format](reported, paint));

    if (files.some((f) => f.compileErrors.length > 0)) return EXIT.badInput;
    const over = warningsOverLimits(files, configs.map((c) => c.found), maxWarnings);
    for (const line of over) io.stderr(`cnncalc lint: ${line}\n`);
    if (over.length > 0 || lintCounts(files).errors > 0) return EXIT.checkFailed;
    return EXIT.ok;
  },
});
