// The lint rules as JSON, for `cnncalc lint --list --format json` and `--explain RULE --format json`:
// each rule's id, default level (and the level under --strict where it differs), its one-line
// summary and its section in docs/lint.md; --explain adds what it reports, why and how to fix it.

import { docsAnchor } from '../lint/explain.js';
import type { Rule } from '../lint/types.js';
import { SCHEMA_VERSION } from './json.js';

function ruleJson(rule: Rule) {
  return {
    id: rule.id,
    defaultLevel: rule.defaultSeverity,
    ...(rule.strictSeverity ? { strictLevel: rule.strictSeverity } : {}),
    summary: rule.docs.summary,
    docs: docsAnchor(rule),
  };
}

export function renderRuleListJson(rules: readonly Rule[]): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, rules: rules.map(ruleJson) }, null, 2) + '\n';
}

export function renderRuleJson(rule: Rule): string {
  const { what, why, fix } = rule.docs;
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, rule: { ...ruleJson(rule), what, why, fix } }, null, 2) + '\n';
}
