// Lint findings as GitHub Actions workflow commands, which the runner turns into annotations on the
// pull request: `::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::message`. Notes
// become `::notice`. Data escapes % CR LF; property values also escape : and , (the runner's rules).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LintedFile } from '../lint/lint.js';
import { pathText } from '../util/path-text.js';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

function annotation(d: Diagnostic, file: string): string {
  const { start, end } = d.span;
  const props = [
    `file=${escapeProperty(pathText(file))}`, // the runner prints the line: no raw escape codes
    `line=${start.line}`,
    `col=${start.column}`,
    `endLine=${end.line}`,
    `endColumn=${end.column}`,
    `title=${escapeProperty(d.code)}`,
  ];
  const text = d.hint ? `${d.message}\nfix: ${d.hint}` : d.message;
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(text)}\n`;
}

export function renderLintGithub(files: readonly LintedFile[]): string {
  return files.flatMap((f) => [...f.compileErrors, ...f.diagnostics].map((d) => annotation(d, f.file))).join('');
}
