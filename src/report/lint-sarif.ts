// Lint findings as a SARIF 2.1.0 log, the format GitHub code scanning uploads: one run whose driver
// lists every lint rule (id, descriptions, help, default level) and one result per finding, located by
// the path as given and the span (SARIF regions are 1-based; endColumn is just past the end, as ours).
// Errors that kept a file from compiling (or being read: unreadable-file) are results too, under
// their error code, and the invocation is then not successful.

import type * as Sarif from 'sarif';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { UNREADABLE_FILE, type LintedFile } from '../lint/lint.js';
import { RULES } from '../lint/registry.js';
import type { Rule } from '../lint/types.js';
import { VERSION } from '../version.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/cnncalc';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', note: 'note' };

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const { summary, what, why, fix } = rule.docs;
  return {
    id: rule.id,
    shortDescription: { text: summary },
    fullDescription: { text: what },
    help: { text: `${what}\n\nWhy: ${why}\n\nFix: ${fix}`, markdown: `${what}\n\n**Why.** ${why}\n\n**Fix.** ${fix}` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  };
}

function compileErrorDescriptor(code: string): Sarif.ReportingDescriptor {
  const text = code === UNREADABLE_FILE ? 'The file could not be read: cnncalc could not lint it.' : `The file does not compile (${code}): cnncalc could not lint it.`;
  return {
    id: code,
    shortDescription: { text },
    defaultConfiguration: { level: 'error' },
  };
}

/** A URI reference for the path as given: relative paths stay relative (code scanning wants that). */
export function artifactUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encoded = slashed.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${slashed.slice(0, 2)}${encoded.slice(encoded.indexOf('/'))}`;
  return slashed.startsWith('/') ? `file://${encoded}` : encoded;
}

function result(d: Diagnostic, file: string, ruleIndex: number): Sarif.Result {
  const { start, end } = d.span;
  return {
    ruleId: d.code,
    ruleIndex,
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message}\nfix: ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(file) },
          region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: Math.max(end.column, start.column + (end.line === start.line ? 1 : 0)) },
        },
      },
    ],
  };
}

export function lintSarif(files: readonly LintedFile[]): Sarif.Log {
  const rules = RULES.map(ruleDescriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of files) {
    for (const d of f.compileErrors) {
      if (!index.has(d.code)) index.set(d.code, rules.push(compileErrorDescriptor(d.code)) - 1);
    }
  }
  const results = files.flatMap((f) => [...f.compileErrors, ...f.diagnostics].map((d) => result(d, f.file, index.get(d.code)!)));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cnncalc', version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules } },
        // false when a file could not be read or compiled: its findings are missing from the log
        invocations: [{ executionSuccessful: files.every((f) => f.compileErrors.length === 0) }],
        results,
      },
    ],
  };
}

export function renderLintSarif(files: readonly LintedFile[]): string {
  return JSON.stringify(lintSarif(files), null, 2) + '\n';
}
