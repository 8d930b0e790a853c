// A rule's documentation as text (cnncalc lint --explain RULE), the rule list (--list) and the whole
// of docs/lint.md, all from the rules' own docs, so that none of them can drift from the code.

import { RULES } from './registry.js';
import type { Rule } from './types.js';

/** Wraps a paragraph at `width` columns for the terminal. */
function wrap(text: string, width = 100, indent = '  '): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width - indent.length) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
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
    `Silence one finding with '# cnncalc-disable-next-line ${rule.id}' on the line above it, or all of them`,
    `with '--rule ${rule.id}=off'.`,
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
    '- `--rule ID=off|note|warning|error` changes a rule\'s severity (repeatable; it wins over `--strict`).',
    '- `--strict` makes every `window-not-integral` finding an error, the padding-only notes included; no other rule',
    '  changes (use `--max-warnings 0` to fail on warnings).',
    '- `# cnncalc-disable-next-line ID[, ID...] [-- reason]` silences those rules on the next line that holds more than',
    '  blank space and comments. A directive naming an unknown rule, or silencing nothing, is itself reported.',
    '- A layer inside a `let` body or a repeat is reported once, at its position in the source, with the most severe of',
    '  its findings over all the places it expands to.',
    '- Exit codes: 0 no errors (and no more warnings than `--max-warnings N`), 1 otherwise, 2 when a file cannot be read',
    '  or does not compile (the other files are still linted).',
    '- `cnncalc lint --explain ID` prints a rule\'s section below; `cnncalc lint --list` lists the rules.',
    '',
    '| rule | default | what it reports |',
    '|---|---|---|',
    ...table,
    '',
    ...sections,
  ].join('\n');
}
