// Lint findings as a SARIF 2.1.0 log, the format GitHub code scanning uploads: one run whose driver
// lists every lint rule (id, descriptions, help, a helpUri into docs/lint.md, default level) and one
// result per finding, located by the file's URI (artifactUri) and the span (SARIF regions are
// 1-based; endColumn is just past the end, as ours).
// Errors that kept a file from compiling (or being read: unreadable-file) are results too, under
// their error code, and the invocation is then not successful.

import type * as Sarif from 'sarif';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { docsAnchor } from '../lint/explain.js';
import { UNREADABLE_FILE, type LintedFile } from '../lint/lint.js';
import { RULES } from '../lint/registry.js';
import type { Rule } from '../lint/types.js';
import { VERSION } from '../version.js';
import { jsonLines } from './json-lines.js';
import { joinLines, type Lines } from './lines.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/cnncalc';
/** The files of this version of the package as published (docs/ ships with it): SARIF's helpUri
 *  must be an absolute URI, and a link into this version's docs cannot drift from its rules. */
export const PACKAGE_FILES_URI = `https://unpkg.com/cnncalc@${VERSION}/`;

/** GitHub's anchor of grammar/README.md's heading "6. Errors". */
export const COMPILE_ERRORS_ANCHOR = '6-errors';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', note: 'note' };

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const { summary, what, why, fix } = rule.docs;
  return {
    id: rule.id,
    shortDescription: { text: summary },
    fullDescription: { text: what },
    help: { text: `${what}\n\nWhy: ${why}\n\nFix: ${fix}`, markdown: `${what}\n\n**Why.** ${why}\n\n**Fix.** ${fix}` },
    helpUri: PACKAGE_FILES_URI + docsAnchor(rule),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  };
}

function compileErrorDescriptor(code: string): Sarif.ReportingDescriptor {
  const text = code === UNREADABLE_FILE ? 'The file could not be read: cnncalc could not lint it.' : `The file does not compile (${code}): cnncalc could not lint it.`;
  return {
    id: code,
    shortDescription: { text },
    // the error codes are documented with the grammar (grammar/README.md, "6. Errors"; grammar/ ships too)
    helpUri: `${PACKAGE_FILES_URI}grammar/README.md#${COMPILE_ERRORS_ANCHOR}`,
    defaultConfiguration: { level: 'error' },
  };
}

/** Where paths are resolved, for artifact URIs: the working directory, and whether '\\' separates
 *  path segments too (Windows). The CLI passes its own; without them, a path is taken as given with
 *  '/' as the only separator. */
interface PathContext {
  readonly cwd?: string;
  readonly windows?: boolean;
}

/** The segments of a path, split at its real separators only ('/' everywhere, '\\' on Windows), and
 *  its root: '' for a relative path, '/' for a POSIX absolute one, 'C:' or '//server' on Windows. */
function pathParts(path: string, windows: boolean): { root: string; segments: string[] } {
  const sep = windows ? /[\\/]/ : /\//;
  const drive = windows ? /^([A-Za-z]:)[\\/]/.exec(path) : null;
  if (drive) return { root: drive[1]!, segments: path.slice(3).split(sep) };
  if (windows && /^[\\/]{2}[^\\/]/.test(path)) {
    const [server, ...rest] = path.slice(2).split(sep);
    return { root: `//${server}`, segments: rest };
  }
  if (sep.test(path[0] ?? '')) return { root: '/', segments: path.slice(1).split(sep) };
  return { root: '', segments: path.split(sep) };
}

/** Segments without the empty ones and '.', with '..' taken back where it can be. */
function normalized(segments: readonly string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (s !== '..' || !absolute) out.push(s);
  }
  return out;
}

/** A URI for a file as SARIF wants it: relative to the working directory when it is inside it (code
 *  scanning resolves relative URIs against the checkout), else an absolute file: URI. Each segment
 *  is percent-encoded, so a '\\' in a POSIX file name stays part of the name (%5C), and ':' can never
 *  read as a scheme. */
export function artifactUri(path: string, context: PathContext = {}): string {
  const windows = context.windows ?? false;
  const file = pathParts(path, windows);
  let root = file.root;
  let segments = normalized(file.segments, root !== '');
  if (context.cwd !== undefined) {
    const cwd = pathParts(context.cwd, windows);
    const base = normalized(cwd.segments, true);
    if (root === '') [root, segments] = [cwd.root, normalized([...base, ...file.segments], true)];
    const same = (a: string, b: string): boolean => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
    if (same(cwd.root, root) && base.length <= segments.length && base.every((s, i) => same(s, segments[i]!))) {
      [root, segments] = ['', segments.slice(base.length)];
    }
  }
  const encoded = segments.map(encodeURIComponent).join('/');
  if (root === '') return encoded;
  if (root === '/') return `file:///${encoded}`;
  if (root.startsWith('//')) return `file:${root}/${encoded}`;
  return `file:///${root}/${encoded}`;
}

function result(d: Diagnostic, uri: string, ruleIndex: number): Sarif.Result {
  const { start, end } = d.span;
  return {
    ruleId: d.code,
    ruleIndex,
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message}\nfix: ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: Math.max(end.column, start.column + (end.line === start.line ? 1 : 0)) },
        },
      },
    ],
  };
}

export function lintSarif(files: readonly LintedFile[], context: PathContext = {}): Sarif.Log {
  const rules = RULES.map(ruleDescriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of files) {
    for (const d of f.compileErrors) {
      if (!index.has(d.code)) index.set(d.code, rules.push(compileErrorDescriptor(d.code)) - 1);
    }
  }
  const results = files.flatMap((f) => {
    const uri = artifactUri(f.file, context);
    return [...f.compileErrors, ...f.diagnostics].map((d) => result(d, uri, index.get(d.code)!));
  });
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

/** The log as JSON lines, one result at a time (the CLI writes them in chunks): the findings on a
 *  long network outgrow one string. */
export function lintSarifLines(files: readonly LintedFile[], context: PathContext = {}): Lines {
  return jsonLines(lintSarif(files, context));
}

export function renderLintSarif(files: readonly LintedFile[], context: PathContext = {}): string {
  return joinLines(lintSarifLines(files, context));
}
