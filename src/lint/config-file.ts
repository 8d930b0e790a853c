// cnncalc.config.json: what a project sets for lint, read and checked here (the CLI finds the file
// and reads it; src/cli/lint-config.ts). Every problem is a diagnostic at the key or value at fault,
// so that a bad configuration is reported as file:line:column like a bad network:
//
//   { "rules": { "large-pool": "off", "window-not-integral": "error" },
//     "strict": false,
//     "maxWarnings": 10,
//     "overrides": [ { "files": ["legacy/**/*.cnn"], "rules": { "large-filter": "off" } } ] }
//
// An override applies to the files its globs match (relative to the configuration's folder; glob.ts);
// later overrides win over earlier ones, and all of them over the top-level rules.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import { nearest } from '../util/suggest.js';
import { globMatcher } from './glob.js';
import { readJson, JsonSyntaxError, type JsonEntry, type JsonNode } from './json-spans.js';
import type { LintConfig, RuleLevel } from './lint.js';
import { RULES } from './registry.js';

export const CONFIG_FILE = 'cnncalc.config.json';
/** The code of every configuration problem. */
const BAD_CONFIG = 'bad-config';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'note', 'warning', 'error'];

export interface ConfigOverride {
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly strict?: boolean;
}

export interface LintConfigFile {
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly strict?: boolean;
  readonly maxWarnings?: number;
  readonly overrides: readonly ConfigOverride[];
}

const TOP_KEYS = ['rules', 'strict', 'maxWarnings', 'overrides'];
const OVERRIDE_KEYS = ['files', 'rules', 'strict'];

type Report = (span: Span, message: string, hint: string) => void;

function describe(node: JsonNode): string {
  if (node.kind === 'string') return `"${node.value}"`;
  if (node.kind === 'number') return node.text;
  if (node.kind === 'boolean') return String(node.value);
  return node.kind === 'null' ? 'null' : `an ${node.kind}`;
}

/** The entries of an object, each key once: a repeated one is reported (JSON readers differ on which
 *  of the two wins, and either way one setting would be dropped without a word). */
function uniqueEntries(entries: readonly JsonEntry[], report: Report): JsonEntry[] {
  return entries.filter(({ key, keySpan, earlier }) => {
    if (!earlier) return true;
    report(keySpan, `"${key}" is given twice (first at line ${earlier.keySpan.start.line}, column ${earlier.keySpan.start.column})`, 'keep one of them');
    return false;
  });
}

/** The entries of an object with known keys; reports the others, suggesting the nearest known one. */
function entriesOf(node: JsonNode, keys: readonly string[], where: string, report: Report): JsonEntry[] {
  if (node.kind !== 'object') {
    report(node.span, `${where} must be an object, not ${describe(node)}`, `write ${where} as { ${keys.map((k) => `"${k}": ...`).join(', ')} }`);
    return [];
  }
  return uniqueEntries(node.entries, report).filter((e) => {
    if (keys.includes(e.key)) return true;
    const guess = nearest(e.key, keys);
    report(e.keySpan, `"${e.key}" is not a setting of ${where}`, guess ? `did you mean "${guess}"?` : `${where} takes ${keys.map((k) => `"${k}"`).join(', ')}`);
    return false;
  });
}

function ruleLevels(node: JsonNode, report: Report): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  if (node.kind !== 'object') {
    report(node.span, `"rules" must be an object, not ${describe(node)}`, 'write "rules": { "RULE": "off|note|warning|error" }');
    return levels;
  }
  const ids = RULES.map((r) => r.id);
  for (const e of uniqueEntries(node.entries, report)) {
    if (!ids.includes(e.key)) {
      const guess = nearest(e.key, ids);
      report(e.keySpan, `"${e.key}" is not a lint rule`, guess ? `did you mean "${guess}"?` : 'cnncalc lint --list shows the rules');
      continue;
    }
    const l = level(e, report);
    if (l !== undefined) levels[e.key] = l;
  }
  return levels;
}

function level(e: JsonEntry, report: Report): RuleLevel | undefined {
  if (e.value.kind === 'string' && (RULE_LEVELS as readonly string[]).includes(e.value.value)) return e.value.value as RuleLevel;
  report(e.value.span, `the level of "${e.key}" is ${describe(e.value)}`, 'write "off", "note", "warning" or "error"');
  return undefined;
}

function boolean(node: JsonNode, key: string, report: Report): boolean | undefined {
  if (node.kind === 'boolean') return node.value;
  report(node.span, `"${key}" is true or false, not ${describe(node)}`, `write "${key}": true`);
  return undefined;
}

function count(node: JsonNode, key: string, report: Report): number | undefined {
  if (node.kind === 'number' && Number.isSafeInteger(node.value) && node.value >= 0) return node.value;
  report(node.span, `"${key}" is a whole number of at least 0, not ${describe(node)}`, `write "${key}": 0 to fail on any warning`);
  return undefined;
}

/** A glob or a list of globs; each one that is not a non-empty string is reported where it is. */
function globs(node: JsonNode, report: Report): string[] {
  const hint = 'write "files": ["nets/**/*.cnn"] (relative to the configuration\'s folder)';
  if (node.kind === 'array' && node.items.length === 0) report(node.span, '"files" is an empty list: the override applies to nothing', hint);
  const items = node.kind === 'array' ? node.items : [node];
  const out: string[] = [];
  for (const g of items) {
    if (g.kind === 'string' && g.value !== '') out.push(g.value);
    else report(g.span, `"files" holds globs, not ${g.kind === 'string' ? 'an empty string' : describe(g)}`, hint);
  }
  return out.length === items.length ? out : [];
}

function override(node: JsonNode, report: Report): ConfigOverride | undefined {
  const entries = entriesOf(node, OVERRIDE_KEYS, 'an override', report);
  if (node.kind === 'object' && !entries.some((e) => e.key === 'files')) {
    report(node.span, 'this override has no "files"', 'say which files it applies to: "files": ["legacy/*.cnn"]');
  }
  const result: { files: string[]; rules: Record<string, RuleLevel>; strict?: boolean } = { files: [], rules: {} };
  for (const e of entries) {
    if (e.key === 'files') result.files = globs(e.value, report);
    else if (e.key === 'rules') result.rules = ruleLevels(e.value, report);
    else result.strict = boolean(e.value, e.key, report);
  }
  return result.files.length > 0 ? result : undefined;
}

/** Reads a configuration's text: the configuration, or the problems found (then config is null). */
export function parseLintConfigFile(text: string): { config: LintConfigFile | null; errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const report: Report = (span, message, hint) => void errors.push({ code: BAD_CONFIG, severity: 'error', message, hint, span });
  let root: JsonNode;
  try {
    root = readJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    report(e.span, `not valid JSON: ${e.message}`, 'write strict JSON: keys in double quotes, no comments, no trailing commas');
    return { config: null, errors };
  }
  const config: { rules: Record<string, RuleLevel>; strict?: boolean; maxWarnings?: number; overrides: ConfigOverride[] } = { rules: {}, overrides: [] };
  for (const e of entriesOf(root, TOP_KEYS, 'the configuration', report)) {
    if (e.key === 'rules') config.rules = ruleLevels(e.value, report);
    else if (e.key === 'strict') config.strict = boolean(e.value, e.key, report);
    else if (e.key === 'maxWarnings') config.maxWarnings = count(e.value, e.key, report);
    else if (e.value.kind !== 'array') report(e.value.span, `"overrides" is a list, not ${describe(e.value)}`, 'write "overrides": [{ "files": [...], "rules": {...} }]');
    else config.overrides = e.value.items.flatMap((o) => override(o, report) ?? []);
  }
  // in the order they stand in the file (keys are checked before values, and that order is no help)
  errors.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return errors.length > 0 ? { config: null, errors } : { config, errors };
}

/** The rule levels and strictness for one file, `path` relative to the configuration's folder. */
export function configForPath(config: LintConfigFile, path: string): LintConfig {
  let rules = { ...config.rules };
  let strict = config.strict;
  for (const o of config.overrides) {
    if (!o.files.some((g) => globMatcher(g)(path))) continue;
    rules = { ...rules, ...o.rules };
    if (o.strict !== undefined) strict = o.strict;
  }
  return { rules, ...(strict !== undefined ? { strict } : {}) };
}
