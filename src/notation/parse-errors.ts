// Syntax error messages: what was expected and what was found, in the notation's own words.
// chevrotain calls these while parsing; parse.ts adds the position and a hint.

import { tokenLabel, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

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

const WHAT_RULES_EXPECT: Record<string, string> = {
  pipeline: 'a layer (such as CONV3-64), a group [ ... ] or a binding name',
  element: 'a layer (such as CONV3-64), a group [ ... ] or a binding name',
  primary: 'a layer (such as CONV3-64), a group [ ... ] or a binding name',
  factor: 'a number, a name or ( expression )',
  repeat: 'a repeat count: a number, a name or ( expression )',
  file: "a network (starting with INPUT) or 'let'",
};

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${describeType(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const expected = WHAT_RULES_EXPECT[ruleName] ?? describeFirstTokens(expectedPathsPerAlt.flat());
    return `expected ${expected} but found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const expected = WHAT_RULES_EXPECT[ruleName] ?? describeFirstTokens(expectedIterationPaths);
    return `expected ${expected} but found ${describeToken(actual[0]!)}`;
  },
};
