// Syntax error messages and hints: what was expected and what was found, in the notation's own
// words. chevrotain calls the message provider while parsing; parse.ts adds the position and asks
// hintFor for the hint. Both read one table keyed by the grammar's rule names (the names given to
// RULE in grammar.ts, which chevrotain reports in each error's rule stack), so that a message and its
// hint cannot drift apart; test/notation/errors.test.ts checks that every key is a rule and that
// every hint fires.

import { tokenLabel, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

/** How a token is named in a message: its label, or "the end of the file". */
export function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'the end of the file';
  return `'${token.image}'`;
}

function describeType(type: TokenType): string {
  return type.name === 'EOF' ? 'the end of the file' : tokenLabel(type);
}

/** Names what could come next, first token of each path, without repeats: "a name, '[' or '{'". */
function describeFirstTokens(paths: TokenType[][]): string {
  const names = [...new Set(paths.filter((p) => p.length > 0).map((p) => describeType(p[0]!)))];
  if (names.length <= 1) return names[0] ?? 'something else';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const ELEMENT = {
  expected: 'a layer (such as CONV3-64), a group [ ... ] or a binding name',
  hint: "write a layer (CONV3-64, POOL2, FC-10, RELU), a group [ ... ] or a let name; '=>' joins two of them",
};

/** Per rule: what it expects when no alternative matches, and the hint for an error inside it. */
export const RULE_HELP: Readonly<Record<string, { readonly expected?: string; readonly hint: string }>> = {
  pipeline: ELEMENT,
  element: ELEMENT,
  primary: ELEMENT,
  factor: { expected: 'a number, a name or ( expression )', hint: 'write a number, an integer let name or a parenthesised expression' },
  count: { expected: 'a repeat count: a number, a name or ( expression )', hint: 'write a count after *: a number, a let name, or (expression)' },
  file: { expected: "a network (starting with INPUT) or 'let'", hint: 'begin the network with INPUT [WxHxD], or bind a name with let name = ...' },
};

/** Hints for a token that was expected and missing (the closing brackets). */
const TOKEN_HINTS: ReadonlyMap<TokenType, string> = new Map([
  [T.RBracket, "close the group with ']'; every '[' needs one"],
  [T.RParen, "close the argument list or expression with ')'"],
  [T.RBrace, "close the branches with '}'"],
]);

const GENERIC_HINT = 'see grammar/README.md for the notation';

/** The start of a "missing token" message: hintFor recognises it by the same words. */
function expectedToken(type: TokenType): string {
  return `expected ${describeType(type)}`;
}

/** The hint for a syntax error: by the token that was missing, or by the rule it happened in. */
export function hintFor(e: IRecognitionException): string {
  if (e.name === 'MismatchedTokenException') {
    for (const [type, hint] of TOKEN_HINTS) if (e.message.startsWith(expectedToken(type) + ' ')) return hint;
  }
  const rule = e.context?.ruleStack[e.context.ruleStack.length - 1];
  return (rule !== undefined ? RULE_HELP[rule]?.hint : undefined) ?? GENERIC_HINT;
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `${expectedToken(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const expected = RULE_HELP[ruleName]?.expected ?? describeFirstTokens(expectedPathsPerAlt.flat());
    return `expected ${expected} but found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const expected = RULE_HELP[ruleName]?.expected ?? describeFirstTokens(expectedIterationPaths);
    return `expected ${expected} but found ${describeToken(actual[0]!)}`;
  },
};
