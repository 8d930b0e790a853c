// grammar/README.md's table of error codes, written from the catalogue (errors.ts) by
// scripts/error-docs.mjs; test/diagnostics/error-docs.test.ts fails when the two disagree.

import { ERRORS, type ErrorCode, type ErrorEntry } from './errors.js';

const HEADER = ['| code | meaning | example input | message |', '|---|---|---|---|'];

/** A table cell: a '|' inside would end it. */
const cell = (text: string): string => text.replaceAll('|', '\\|');

function row(code: ErrorCode, entry: ErrorEntry): string {
  const name = `\`${code}\`` + (entry.version ? ` (v${entry.version})` : '');
  const example = entry.example ?? { input: '—', message: '—' };
  return `| ${[name, entry.meaning, example.input, example.message].map(cell).join(' | ')} |`;
}

/** The table, one line per row, in the catalogue's order. */
export function errorTable(): string[] {
  return [...HEADER, ...Object.entries(ERRORS).map(([code, entry]) => row(code as ErrorCode, entry))];
}

/** The text with its table of error codes (found by its header, up to the first line that is no
 *  table row) replaced by the catalogue's. */
export function updateErrorTable(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(HEADER[0]!);
  if (start < 0) throw new Error(`no table of error codes (a line '${HEADER[0]}')`);
  let end = start;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  return [...lines.slice(0, start), ...errorTable(), ...lines.slice(end)].join('\n');
}
