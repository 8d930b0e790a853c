// A rule's documentation as text (cnncalc lint --explain RULE), the rule list (--list) and the whole
// of docs/lint.md, all from the rules' own docs, so that none of them can drift from the code.

import { traitTable } from '../layers/docs.js';
import { wrapWords } from '../util/wrap.js';
import { RULES } from './registry.js';
import type { Rule } from './types.js';

/** Wraps a paragraph at `width` columns for the terminal. */
function wrap(text: string, width = 100, indent = '  '): string {
  return wrapWords(text, width - indent.length).map((line) => indent + line).join('\n');
}

/** The rule's section in docs/lint.md, relative to the package root (headings are the rule ids). */
export function docsAnchor(rule: Pick<Rule, 'id'>): string {
  return `docs/lint.md#${rule.id}`;
}

function strictNote(rule: Rule): string {
  return rule.strictSeverity ? `; ${rule.strictSeverity} with --strict` : '';
}

export function explainRule(rule: Rule): string {
  const { summary, what, why, fix } = rule.docs;
  return [
    `${rule.id} (default: ${rule.defaultSeverity}${strictNote(rule)})`,
    '',
    wrap(summary),
    '',
    'What it reports:',
    wrap(what),
    '',
    'Why:',
    wrap(why),
    '',
    'How to fix it:',
    wrap(fix),
    '',
    `Silence one finding with '# cnncalc-disable-next-line ${rule.id}' on the line above it (or`,
    `'# cnncalc-disable-line ${rule.id}' at the end of its line), a file's with '# cnncalc-disable ${rule.id}',`,
    `or all of them with '--rule ${rule.id}=off' or "rules": { "${rule.id}": "off" } in cnncalc.config.json.`,
    '',
  ].join('\n');
}

export function listRules(): string {
  const width = Math.max(...RULES.map((r) => r.id.length)) + 2;
  const rows = RULES.map((r) => `${r.id.padEnd(width)}${r.defaultSeverity.padEnd(9)}${r.docs.summary}`);
  return [`${'rule'.padEnd(width)}${'default'.padEnd(9)}what it reports`, ...rows, ''].join('\n');
}

/** docs/lint.md. test/lint/docs.test.ts fails when the file differs from this. */
export function lintDocsMarkdown(): string {
  const table = RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.defaultSeverity}${strictNote(r)} | ${r.docs.summary} |`);
  const sections = RULES.map((r) =>
    [
      `## ${r.id}`,
      '',
      `Default severity: **${r.defaultSeverity}**${strictNote(r)}.`,
      '',
      r.docs.summary,
      '',
      '### What it reports',
      '',
      r.docs.what,
      '',
      '### Why',
      '',
      r.docs.why,
      '',
      '### How to fix it',
      '',
      r.docs.fix,
      '',
      `Examples: [\`test/lint/${r.id}/bad.cnn\`](../test/lint/${r.id}/bad.cnn) fires it, [\`good.cnn\`](../test/lint/${r.id}/good.cnn) does not.`,
      '',
    ].join('\n'),
  );
  return [
    '# cnncalc lint rules',
    '',
    '<!-- Generated from src/lint/rules/*.ts by test/lint/docs.test.ts; do not edit by hand.',
    '     Regenerate: CNNCALC_WRITE_LINT_DOCS=1 npx vitest run test/lint/docs.test.ts -->',
    '',
    '`cnncalc lint FILE...` reviews network designs on the same analysis as `cnncalc table`. Each rule has a stable id:',
    '',
    '- `--rule ID=off|note|warning|error` changes a rule\'s severity (repeatable; it wins over `--strict` and over',
    '  cnncalc.config.json).',
    '- `--strict` makes every `window-not-integral` finding an error, the padding-only notes included; no other rule',
    '  changes (use `--max-warnings 0` to fail on warnings).',
    '- `--quiet` reports errors only (warnings still count for `--max-warnings`, as in eslint); `-o FILE` writes the',
    '  report to FILE instead of stdout, with the same exit code.',
    '- Disable directives, in comments, name the rules they silence (`-- reason` may follow):',
    '  - `# cnncalc-disable-next-line ID[, ID...]` on the next line that holds more than blank space and comments;',
    '  - `... => LAYER  # cnncalc-disable-line ID[, ID...]` on its own line;',
    '  - `# cnncalc-disable ID[, ID...]`, anywhere in the file, in the whole file.',
    '',
    '  A directive naming an unknown rule or none (`unknown-disable-rule`), silencing nothing (`unused-disable-directive`),',
    '  or a comment that starts with `cnncalc-` but is none of these forms (`unknown-directive`) is itself reported.',
    '- A layer inside a `let` body or a repeat is reported once, at its position in the source, with the most severe of',
    '  its findings over all the places it expands to.',
    '- Exit codes: 0 no errors (and no more warnings than max-warnings allows), 1 otherwise, 2 when the configuration is',
    '  bad, or a file cannot be read or does not compile (the other files are still linted).',
    '- `cnncalc lint --explain ID` prints a rule\'s section below; `cnncalc lint --list` lists the rules (both take',
    '  `--format json`: schemaVersion, and per rule its id, defaultLevel, strictLevel, summary and docs anchor).',
    '',
    '## Configuration: cnncalc.config.json',
    '',
    'Each linted file is governed by the nearest `cnncalc.config.json` in its folder or a folder above it (one file, no',
    'merging of several). It is strict JSON:',
    '',
    '```json',
    '{',
    '  "rules": { "large-pool": "off", "param-heavy-layer": "warning" },',
    '  "strict": false,',
    '  "maxWarnings": 10,',
    '  "overrides": [',
    '    { "files": ["legacy/**/*.cnn"], "rules": { "window-not-integral": "note" } },',
    '    { "files": "*.draft.cnn", "strict": false }',
    '  ]',
    '}',
    '```',
    '',
    '- `rules`: rule id to `off`, `note`, `warning` or `error`.',
    '- `strict`: as `--strict` for the files it governs.',
    '- `maxWarnings`: exit 1 when the files it governs hold more warnings (`--max-warnings` on the command line replaces',
    '  every configuration\'s limit with one over all files).',
    '- `overrides`: a list of `{ "files", "rules", "strict" }`; `files` is a glob or a list of globs relative to the',
    '  configuration\'s folder (`*` within one folder, `**` across folders, `?` one character, `{a,b}` either; a glob',
    '  without `/` matches the file name in any folder). Later overrides win over earlier ones and all of them over the',
    '  top-level settings.',
    '- The command line wins over the file: `--rule` over its rules, `--strict` turns strict on, `--max-warnings` replaces',
    '  `maxWarnings`. A rule\'s level, wherever set, wins over strict.',
    '- A problem in the file (bad JSON, an unknown key or rule, a bad level or type) is reported as',
    '  `cnncalc.config.json:LINE:COLUMN  error  bad-config  ...` with the fix, and lint exits 2 without linting.',
    '',
    '## Rules',
    '',
    '| rule | default | what it reports |',
    '|---|---|---|',
    ...table,
    '',
    ...sections,
    '## How the rules see layer kinds',
    '',
    'Rules tell layers apart by the traits each kind declares (src/layers/<kind>.ts `traits`), never by their names;',
    'a new kind is linted as its traits say. A kind\'s row is repeated where an argument changes its traits.',
    '',
    ...traitTable(),
    '',
  ].join('\n');
}
