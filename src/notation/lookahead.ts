// How the parser chooses between alternatives (OR) and whether to enter an optional part (OPTION,
// MANY, ...): by the next one or two tokens. chevrotain derives the token paths for each decision
// from the grammar when the parser is built, which took a sixth of a short run (a VGG16 table). The
// paths depend on the grammar alone, so they are computed once and stored in lookahead-table.ts
// (`npm run grammar:lookahead`); this strategy turns the stored paths into decision functions.
// test/notation/lookahead.test.ts recomputes the table with chevrotain's own getLookaheadPaths and
// fails when it is stale, and checks that both strategies parse alike.

import { EOF, tokenMatcher, type ILookaheadStrategy, type IOrAlt, type IToken, type Rule, type TokenType } from 'chevrotain';

/** Per decision (see decisionKey), per alternative, the token paths (token names) that choose it. An
 *  optional part has two alternatives: entering it (the paths used here) and going past it. */
export type LookaheadTable = Readonly<Record<string, readonly (readonly (readonly string[])[])[]>>;

export const decisionKey = (rule: string, production: string, occurrence: number): string => `${rule} ${production} ${occurrence}`;

/** The token paths of one alternative. */
type Paths = readonly (readonly TokenType[])[];

/** What a decision function reads: chevrotain calls it with the parser as `this`. */
interface Lookahead {
  LA(howMuch: number): IToken;
}

function matchesSome(parser: Lookahead, paths: Paths): boolean {
  for (const path of paths) {
    let i = 0;
    while (i < path.length && tokenMatcher(parser.LA(i + 1), path[i]!)) i++;
    if (i === path.length) return true;
  }
  return false;
}

/** When one token settles the decision: the alternative for each token type index (a category,
 *  like Arrow, stands for its members), the first alternative winning as in chevrotain. */
function byNextToken(alternatives: readonly Paths[]): readonly (number | undefined)[] | null {
  if (!alternatives.every((paths) => paths.every((path) => path.length === 1))) return null;
  const choice: (number | undefined)[] = [];
  alternatives.forEach((paths, alternative) => {
    for (const [type] of paths) {
      for (const index of [type!.tokenTypeIdx!, ...(type!.categoryMatches ?? [])]) choice[index] ??= alternative;
    }
  });
  return choice;
}

export class TableLookahead implements ILookaheadStrategy {
  private readonly tokens: ReadonlyMap<string, TokenType>;

  constructor(
    private readonly table: LookaheadTable,
    tokenTypes: readonly TokenType[],
  ) {
    this.tokens = new Map([...tokenTypes, EOF].map((t) => [t.name, t]));
  }

  /** The grammar is validated where the table is made (chevrotain's LL(k) strategy, in the test). */
  validate(): [] {
    return [];
  }

  private alternatives(rule: Rule, production: string, occurrence: number): Paths[] {
    const key = decisionKey(rule.name, production, occurrence);
    const stored = this.table[key];
    if (!stored) throw new Error(`no lookahead stored for '${key}': run 'npm run grammar:lookahead' after changing the grammar`);
    return stored.map((paths) => paths.map((path) => path.map((name) => this.tokens.get(name)!)));
  }

  buildLookaheadForAlternation(options: { prodOccurrence: number; rule: Rule; hasPredicates: boolean }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const alternatives = this.alternatives(options.rule, 'Alternation', options.prodOccurrence);
    const next = options.hasPredicates ? null : byNextToken(alternatives);
    if (next) {
      return function (this: Lookahead) {
        return next[this.LA(1).tokenTypeIdx];
      };
    }
    return function (this: Lookahead, orAlts?: IOrAlt<unknown>[]) {
      for (let i = 0; i < alternatives.length; i++) {
        const gate = orAlts?.[i]?.GATE;
        if (gate && gate.call(this) === false) continue;
        if (matchesSome(this, alternatives[i]!)) return i;
      }
      return undefined;
    };
  }

  buildLookaheadForOptional(options: { prodOccurrence: number; prodType: string; rule: Rule }): () => boolean {
    const [inside] = this.alternatives(options.rule, options.prodType, options.prodOccurrence);
    const next = byNextToken([inside!]);
    if (next) {
      return function (this: Lookahead) {
        return next[this.LA(1).tokenTypeIdx] === 0;
      };
    }
    return function (this: Lookahead) {
      return matchesSome(this, inside!);
    };
  }
}
