// cnncalc.config.json's JSON with positions, so that a bad configuration can be reported at
// file:line:column: util/json-reader.ts reads it (strict RFC 8259: no comments, no trailing commas);
// here its offsets become spans and its errors messages for the person editing the file. Pure.

import { OffsetSpan, type LineIndex } from '../diagnostics/line-index.js';
import type { Span } from '../diagnostics/span.js';
import { lex } from '../notation/syntax/lexer.js';
import * as reader from '../util/json-reader.js';

export type JsonNode =
  | { readonly kind: 'object'; readonly span: Span; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly span: Span; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly span: Span; readonly value: string }
  | { readonly kind: 'number'; readonly span: Span; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly span: Span; readonly value: boolean }
  | { readonly kind: 'null'; readonly span: Span };

export interface JsonEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
  /** The entry of the same object that gave this key first, when this one repeats it. */
  readonly earlier: JsonEntry | undefined;
}

/** A syntax error at `span`: what was found and what JSON expects there. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** The JSON value of `text` with the span of every key and value; throws JsonSyntaxError. */
export function readJson(text: string): JsonNode {
  // lines as the lexer counts them (LF, CRLF, a lone CR): it owns that rule, and its line index holds
  // for any text, since no token of its runs past a line end
  const lines = lex(text).lines;
  let root: reader.JsonNode;
  try {
    // a byte order mark, which editors may write, becomes a space: the offsets stay the file's
    root = reader.readJson(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  } catch (e) {
    if (!(e instanceof reader.JsonReadError)) throw e;
    const found = e.offset >= text.length ? 'the end of the file' : `'${text[e.offset]}'`;
    const message = e.problem.startsWith('expected-') ? `${PROBLEMS[e.problem]}, found ${found}` : PROBLEMS[e.problem];
    throw new JsonSyntaxError(message, new OffsetSpan(lines, e.offset, Math.min(e.offset + 1, text.length)));
  }
  return spanned(root, lines);
}

const PROBLEMS: Readonly<Record<reader.JsonProblem, string>> = {
  'expected-value': 'expected a value (a string in double quotes, a number, true, false, null, an object or an array)',
  'expected-key': 'expected a key in double quotes',
  'expected-colon': "expected ':' after the key",
  'expected-comma-or-brace': "expected ',' or '}'",
  'expected-comma-or-bracket': "expected ',' or ']'",
  'expected-end': 'expected the end of the file after the value',
  'control-character': 'a control character inside a string (write \\n, \\t or \\u0001 instead)',
  'bad-escape': 'a bad escape in a string (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)',
  'unfinished-string': 'a string without its closing quote',
  'too-deep': `nested more than ${reader.MAX_JSON_DEPTH} deep`,
};

function spanned(node: reader.JsonNode, lines: LineIndex): JsonNode {
  const span = new OffsetSpan(lines, node.start, node.end);
  switch (node.kind) {
    case 'object': {
      const entries: JsonEntry[] = [];
      for (const e of node.entries) {
        // a repeated key's first entry is one of those already made
        const earlier = e.earlier && entries[node.entries.indexOf(e.earlier)];
        entries.push({ key: e.key, keySpan: new OffsetSpan(lines, e.start, e.end), value: spanned(e.value, lines), earlier });
      }
      return { kind: 'object', span, entries };
    }
    case 'array':
      return { kind: 'array', span, items: node.items.map((item) => spanned(item, lines)) };
    case 'number':
      return { kind: 'number', span, value: Number(node.text), text: node.text };
    case 'string':
      return { kind: 'string', span, value: node.value };
    case 'boolean':
      return { kind: 'boolean', span, value: node.value };
    case 'null':
      return { kind: 'null', span };
  }
}
