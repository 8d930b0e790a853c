// parse(source) -> { source, ast, diagnostics, comments }: lexing, a nesting check, and parsing with
// chevrotain's error recovery (so all syntax errors of a file are reported, not just the first); the
// parser's embedded actions build the AST. The result carries the text on to expansion.

import type { IRecognitionException } from 'chevrotain';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { error } from '../../diagnostics/errors.js';
import { OffsetSpan, type LineIndex } from '../../diagnostics/line-index.js';
import { START_SPAN, type Span } from '../../diagnostics/span.js';
import type { NetworkFile, Pipeline } from '../ast.js';
import { tokenSpan } from './fast-parser.js';
import { NotationParser, type Statement } from './grammar.js';
import { lex, type LexResult } from './lexer.js';
import { hintFor } from './parse-errors.js';
import * as T from './tokens.js';
import { treeDepthError } from './tree-depth.js';

interface ParseOutcome {
  /** The text parsed: spans are offsets into it (a layer's text as written comes from here). */
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
  /** The comments with their spans (lint reads `# cnncalc-disable-next-line` from them). */
  readonly comments: readonly { readonly text: string; readonly span: Span }[];
}

/** A text that parsed: what expansion reads. */
export interface ParsedFile extends ParseOutcome {
  readonly ast: NetworkFile;
}

/** `ast` is null when the file has syntax errors. */
export type ParseResult = ParsedFile | (ParseOutcome & { readonly ast: null });

/** Brackets nested deeper than this are refused before parsing, so that recursion stays shallow:
 *  chevrotain's error recovery recurses several frames per level and overflowed the stack at about
 *  140 unclosed brackets (found by the fuzz test). Real networks nest a handful of levels. */
export const MAX_NESTING = 64;

/** Brackets and unary minus signs together: each is a level of recursion in the parser. */
export const MAX_RECURSION = 2 * MAX_NESTING;

/** Two parsers, each built once: one without error recovery for files without errors (the common
 *  case, and cheaper to build), and one that recovers, to report every error of a file that has some. */
const parsers: { fast?: NotationParser; recovering?: NotationParser } = {};

function parserFor(recover: boolean): NotationParser {
  if (recover) return (parsers.recovering ??= new NotationParser({ validate: false, recover: true }));
  return (parsers.fast ??= new NotationParser({ validate: false, recover: false }));
}

function syntaxError(message: string, hint: string, span: Span): Diagnostic {
  return error('syntax', message, hint, span);
}

function nestingTooDeep(message: string, hint: string, span: Span): Diagnostic {
  return error('nesting-too-deep', message, hint, span);
}

/** Characters as a message can show them: 'x', or U+001B for what a terminal would not print. */
function shown(text: string): string {
  if (/^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(text) && text.length <= 20) return `'${text}'`;
  const codes = [...text].slice(0, 8).map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'));
  return codes.join(' ') + ([...text].length > 8 ? ' ...' : '');
}

/** Where "expected more" errors point: the end of the text. */
function endOfText(source: string, lines: LineIndex): Span {
  return new OffsetSpan(lines, source.length, source.length);
}

function recognitionError(e: IRecognitionException, source: string, lines: LineIndex): Diagnostic {
  const token = e.token;
  const span = token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset) ? endOfText(source, lines) : tokenSpan(lines, token);
  return syntaxError(e.message, hintFor(e), span);
}

/** Refuses absurd nesting up front: the parser and the AST builder recurse once per bracket level
 *  and once per unary minus, so both are limited, and so is their sum, since minus runs inside
 *  nested parentheses recurse in turn (40 levels of 40 minus signs overflowed the stack). */
function nestingError({ tokens, starts, ends, lines }: LexResult): Diagnostic | null {
  const at = (i: number): Span => new OffsetSpan(lines, starts[i]!, ends[i]!);
  const runsAtOpen: number[] = []; // the minus run before each bracket still open
  let recursion = 0; // brackets open plus the minus runs before them
  let minuses = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === T.LBracket || type === T.LParen || type === T.LBrace) {
      runsAtOpen.push(minuses);
      recursion += minuses + 1;
    } else if (type === T.RBracket || type === T.RParen || type === T.RBrace) {
      recursion -= (runsAtOpen.pop() ?? -1) + 1;
    }
    minuses = type === T.Minus ? minuses + 1 : 0;
    if (runsAtOpen.length > MAX_NESTING) {
      return nestingTooDeep(`brackets nested more than ${MAX_NESTING} deep`, 'flatten the nesting; use let bindings for sub-pipelines', at(i));
    }
    if (minuses > MAX_NESTING) {
      return nestingTooDeep(`more than ${MAX_NESTING} minus signs in a row`, 'write the number with one sign', at(i));
    }
    if (recursion + minuses > MAX_RECURSION) {
      return nestingTooDeep(`brackets and minus signs nested more than ${MAX_RECURSION} deep`, 'simplify the expression: write each number with one sign', at(i));
    }
  }
  return null;
}

/** A side output: a pipeline that starts from a labelled tensor (`@aux => POOL2 => FC-10`). */
const isSide = (p: Pipeline): boolean => p.elements[0]?.kind === 'tensor';

function structureErrors(statements: readonly (NetworkFile['lets'][number] | Pipeline)[], source: string, lines: LineIndex): Diagnostic[] {
  const pipelines = statements.filter((s): s is Pipeline => s.kind === 'pipeline' && !isSide(s));
  if (pipelines.length === 0) {
    return [syntaxError('the file has no network', 'write the network after the let bindings, starting with INPUT [WxHxD]', statements.length ? endOfText(source, lines) : START_SPAN)];
  }
  return pipelines.slice(1).map((p) =>
    syntaxError(
      'a file holds one network, and this pipeline is not joined to the one before it',
      "join them with '=>', name this one with 'let name = ...', or start it from a labelled tensor (@name => ...) to make it a side output",
      { start: p.span.start, end: p.span.start.offset === p.span.end.offset ? p.span.end : p.elements[0]!.span.end },
    ),
  );
}

/** The statements of a lexed text, and chevrotain's syntax errors. */
function parseTokens(lexed: LexResult, recover: boolean): { statements: Statement[]; errors: IRecognitionException[] } {
  const p = parserFor(recover);
  p.setInput(lexed);
  const statements: Statement[] = p.file();
  const errors = p.errors;
  p.setInput({ tokens: [], starts: new Int32Array(0), ends: new Int32Array(0), lines: lexed.lines }); // let the tokens go
  return { statements, errors };
}

export function parse(source: string): ParseResult {
  const lexed = lex(source);
  const comments = lexed.comments.map((t) => ({ text: t.image, span: tokenSpan(lexed.lines, t) }));
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => {
    const start = { offset: e.offset, line: e.line, column: e.column };
    const span = { start, end: { ...start, offset: e.offset + e.length, column: start.column + e.length } };
    return syntaxError(
      `unexpected character ${shown(source.slice(e.offset, e.offset + e.length))}`,
      'the notation uses names, numbers, => -> [ ] ( ) { } , = * / + - ? | & : @name and # comments',
      span,
    );
  });
  const failed = (errors: readonly Diagnostic[]): ParseResult => ({ source, ast: null, diagnostics: errors, comments });
  const deep = nestingError(lexed);
  if (deep) return failed([...diagnostics, deep]);

  const { statements, errors } = parseTokens(lexed, false);
  if (errors.length > 0) {
    // Parse once more, with error recovery to find every error, and with tokens that carry their
    // offsets, since chevrotain's errors name a token (only files with syntax errors pay for this).
    const unique = lex(source, { unique: true });
    diagnostics.push(...parseTokens(unique, true).errors.map((e) => recognitionError(e, source, unique.lines)));
  }
  if (diagnostics.length > 0) return failed(diagnostics);

  const structural = structureErrors(statements, source, lexed.lines);
  if (structural.length > 0) return failed(structural);
  const tooDeep = treeDepthError(statements);
  if (tooDeep) return failed([tooDeep]);
  const lets = statements.filter((s) => s.kind === 'let');
  const pipelines = statements.filter((s): s is Pipeline => s.kind === 'pipeline');
  const network = pipelines.find((p) => !isSide(p)) ?? null;
  const sides = pipelines.filter(isSide);
  const span = new OffsetSpan(lexed.lines, 0, source.length);
  return { source, ast: { kind: 'file', lets, network, sides, span }, diagnostics: [], comments };
}
