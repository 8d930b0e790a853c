// The README's generated parts, each between <!-- NAME --> and <!-- /NAME -->: every command's
// option table (options:COMMAND) and the counts and lists that would otherwise drift from the code
// (scripts/docs.mjs writes them; test/cli/docs.test.ts fails when one is out of date).

import { readFileSync } from 'node:fs';
import { notesTable } from '../analysis/notes-table.js';
import { compile } from '../api.js';
import { RULES } from '../lint/registry.js';
import { COLUMN_NAMES } from '../report/columns.js';
import { csvHeader } from '../report/csv.js';
import { COMMANDS } from './commands/index.js';
import { optionsMarkdown } from './options.js';

/** `a`, `b` and `c`. */
function codeList(names: readonly string[]): string {
  const code = names.map((n) => `\`${n}\``);
  return `${code.slice(0, -1).join(', ')} and ${code[code.length - 1]}`;
}

/** The rows of VGG16's cs231n table, as `table --style cs231n` prints them (README: "the 22 rows"). */
function vggNotesRows(root: string): number {
  const { analysis } = compile(readFileSync(`${root}examples/vgg16.cnn`, 'utf8'));
  return notesTable(analysis!).rows.length;
}

/** Each generated part's text, by its marker's name; `root` is the repository's folder, with '/'. */
export function generatedParts(root = ''): Readonly<Record<string, string>> {
  return {
    ...Object.fromEntries(COMMANDS.map((c) => [`options:${c.name}`, `\n${optionsMarkdown(c)}\n`])),
    'count:lint-rules': String(RULES.length),
    'count:vgg16-notes-rows': String(vggNotesRows(root)),
    'list:columns': codeList(COLUMN_NAMES),
    'csv-header': `\`${csvHeader()}\``,
  };
}

export function updateReadme(readme: string, root = ''): string {
  let text = readme;
  for (const [name, part] of Object.entries(generatedParts(root))) {
    const open = `<!-- ${name} -->`;
    const close = `<!-- /${name} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) continue;
    text = text.slice(0, start + open.length) + part + text.slice(end);
  }
  return text;
}
