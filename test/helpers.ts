// Shared test helpers: compile a source and insist it worked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type CompileOptions } from '../src/api.js';
import type { Analysis } from '../src/analysis/analyze.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Reference figures computed outside cnncalc (PyTorch, the notes): see test/reference/README.md. */
export const REFERENCE = fileURLToPath(new URL('./reference/', import.meta.url));

export function analysisOf(source: string, options: CompileOptions = {}): Analysis {
  const result = compile(source, options);
  if (!result.analysis) {
    throw new Error(`expected the source to compile:\n${source}\n${JSON.stringify(result.diagnostics, null, 1)}`);
  }
  return result.analysis;
}

export function example(name: string): string {
  return readFileSync(`${ROOT}examples/${name}`, 'utf8');
}

/** Diagnostics of a source that must not compile, as compact {code, line, column} records. */
export function errorsOf(source: string, options: CompileOptions = {}) {
  return compile(source, options).diagnostics.map((d) => ({ code: d.code, line: d.span.start.line, column: d.span.start.column, message: d.message, hint: d.hint }));
}
