// What the notation's parser does to chevrotain for speed, kept apart from the grammar (grammar.ts),
// each measured on short runs (a VGG16 table, where start-up is most of the time) or on
// 100,000-layer files. The grammar subclasses FastParser and reads like any embedded-actions parser,
// except that its actions test RECORDING_PHASE (see RECORDING).
//
// - Stored lookahead. chevrotain derives the token paths for each decision (OR, OPTION, MANY, ...)
//   from the grammar when the parser is built, which took a sixth of a short run. The paths depend
//   on the grammar alone, so they are computed once and stored in lookahead-table.ts (`npm run
//   grammar:lookahead`); TableLookahead turns them into decision functions.
//   test/notation/lookahead.test.ts recomputes the table with chevrotain's own getLookaheadPaths and
//   fails when it is stale, and checks that both strategies parse alike.
// - No grammar recording for the parser that does not recover (parse.ts' first try, which only
//   says whether a text has errors). chevrotain records the grammar by running every rule once, and
//   reads the record for the lookahead (stored here instead), for recovery and for error messages:
//   that parser's errors are not shown (the recovering parser's are), so it builds its decision
//   functions straight from the table (FastParser.performSelfAnalysis). Recording was half of
//   building a parser: about 5 ms and 1 MB of fresh memory at each start.
// - Recording on a prototype layer (enableRecording, disableRecording).
// - Tokens from the hand-written lexer (lexer.ts), shared per text, with their offsets in arrays
//   beside them: spans come from those arrays (spanOf), not from the tokens.
//
// enableRecording, disableRecording, exportLexerState, fullRuleNameToShort, setLaFuncCache,
// selfAnalysisDone and the lookahead keys are chevrotain internals (version pinned); every parser
// test goes through them.

import {
  EarlyExitException,
  EmbeddedActionsParser,
  EOF,
  NoViableAltException,
  tokenMatcher,
  type ILookaheadStrategy,
  type IOrAlt,
  type IParserConfig,
  type IToken,
  type Rule,
  type TokenType,
} from 'chevrotain';
import { LineIndex, OffsetSpan } from '../../diagnostics/line-index.js';
import type { Span } from '../../diagnostics/span.js';
import type { LexResult } from './lexer.js';

/** Per decision (see decisionKey), per alternative, the token paths (token names) that choose it. An
 *  optional part has two alternatives: entering it (the paths used here) and going past it. */
export type LookaheadTable = Readonly<Record<string, readonly (readonly (readonly string[])[])[]>>;

export const decisionKey = (rule: string, production: string, occurrence: number): string => `${rule} ${production} ${occurrence}`;

/** What chevrotain keys a decision's lookahead function by, besides the rule and the occurrence
 *  (its parse/grammar/keys.js: the DSL method's index, shifted past the occurrence's 8 bits). */
const METHOD_KEYS: Readonly<Record<string, number>> = {
  Alternation: 1 << 8,
  Option: 2 << 8,
  Repetition: 3 << 8,
  RepetitionMandatory: 4 << 8,
  RepetitionWithSeparator: 5 << 8,
  RepetitionMandatoryWithSeparator: 6 << 8,
};

/** Tokens the parser looks ahead at most to choose between alternatives (the stored table's too). */
export const MAX_LOOKAHEAD = 2;

/** What a rule returns while chevrotain records the grammar (performSelfAnalysis), when no AST is
 *  built. Rules test RECORDING_PHASE, as chevrotain's ACTION does, where ACTION's closure would be
 *  allocated for every token of every parse. */
export const RECORDING = undefined as never;

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

class TableLookahead implements ILookaheadStrategy {
  private readonly tokens: ReadonlyMap<string, TokenType>;

  constructor(
    private readonly table: LookaheadTable,
    tokenTypes: readonly TokenType[],
  ) {
    this.tokens = new Map([...tokenTypes, EOF].map((t) => [t.name, t]));
  }

  /** The table's decisions, by decisionKey. */
  decisions(): readonly string[] {
    return Object.keys(this.table);
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

export interface ParserOptions {
  /** Check the grammar (ambiguities, left recursion) and compute the lookahead from it, as chevrotain
   *  does by default; otherwise the lookahead comes from the stored table. */
  readonly validate: boolean;
  /** Resynchronise after a syntax error to report the next ones too (chevrotain's error recovery,
   *  which costs a follow-set analysis when the parser is built). */
  readonly recover?: boolean;
}

/** The span of a token that carries its offsets (lexed with `unique`), for error reports. */
export function tokenSpan(lines: LineIndex, t: IToken): Span {
  return new OffsetSpan(lines, t.startOffset, (t.endOffset ?? t.startOffset) + 1);
}

/** What chevrotain's analysis does first (its toFastProperties, "without this the parser would be
 *  3-4x slower"): an object used as a prototype, and read through, is one V8 keeps in fast mode. */
function asPrototype(object: object): void {
  function Fake(): void {}
  Fake.prototype = object;
  const instance = new (Fake as unknown as new () => { probe?: unknown })();
  const read = (): string => typeof instance.probe;
  read();
  read();
}

/** The chevrotain internals performSelfAnalysis reads and writes. */
interface Internals {
  selfAnalysisDone: boolean;
  readonly fullRuleNameToShort: Record<string, number>;
  setLaFuncCache(key: number, fn: unknown): void;
  SAVE_ERROR(e: Error): Error;
  LA(howMuch: number): IToken;
}

/** chevrotain's reports of a failed decision (its ErrorHandler trait), which read the record. */
interface Reporting {
  raiseNoAltException(...args: unknown[]): never;
  raiseEarlyExitException(...args: unknown[]): never;
}

export abstract class FastParser extends EmbeddedActionsParser {
  /** The stored lookahead, when the parser takes it from the table without recording the grammar. */
  private readonly stored: { readonly strategy: TableLookahead; readonly predicated: ReadonlySet<string> } | null;

  /** `predicated`: the table's alternations with a GATE. */
  constructor(tokens: TokenType[], table: LookaheadTable, predicated: readonly string[], options: ParserOptions, config: IParserConfig) {
    const strategy = options.validate ? null : new TableLookahead(table, tokens);
    const recover = options.recover ?? true;
    super(tokens, {
      ...config,
      recoveryEnabled: recover,
      maxLookahead: MAX_LOOKAHEAD,
      skipValidations: !options.validate,
      ...(strategy ? { lookaheadStrategy: strategy } : {}),
    });
    this.stored = strategy && !recover ? { strategy, predicated: new Set(predicated) } : null;
  }

  /** chevrotain's analysis, or for a parser that neither validates nor recovers, the decision
   *  functions made from the table alone (see the top of this file). */
  override performSelfAnalysis(): void {
    if (!this.stored) return super.performSelfAnalysis();
    const self = this as unknown as Internals;
    const { strategy, predicated } = this.stored;
    for (const key of strategy.decisions()) {
      const [rule, production, occurrence] = key.split(' ') as [string, string, string];
      const prodOccurrence = Number(occurrence);
      const options = { prodOccurrence, rule: { name: rule } as Rule };
      const fn = production === 'Alternation'
        ? strategy.buildLookaheadForAlternation({ ...options, hasPredicates: predicated.has(key) })
        : strategy.buildLookaheadForOptional({ ...options, prodType: production });
      self.setLaFuncCache(self.fullRuleNameToShort[rule]! | METHOD_KEYS[production]! | prodOccurrence, fn);
    }
    self.selfAnalysisDone = true;
    asPrototype(this);
  }

  /** Without the record, a failed decision is reported without the paths it expected (chevrotain
   *  lists them in the message): the parser that does not recover only tells that a text has errors. */
  raiseNoAltException(...args: unknown[]): never {
    if (!this.stored) return (EmbeddedActionsParser.prototype as unknown as Reporting).raiseNoAltException.apply(this, args);
    const self = this as unknown as Internals;
    throw self.SAVE_ERROR(new NoViableAltException('no alternative matches', self.LA(1), self.LA(0)));
  }

  raiseEarlyExitException(...args: unknown[]): never {
    if (!this.stored) return (EmbeddedActionsParser.prototype as unknown as Reporting).raiseEarlyExitException.apply(this, args);
    const self = this as unknown as Internals;
    throw self.SAVE_ERROR(new EarlyExitException('expected at least one more', self.LA(1), self.LA(0)));
  }

  /** chevrotain records the grammar by installing about 90 recording versions of CONSUME, OR, MANY
   *  ... on the parser instance and deleting them afterwards. The deletes leave the instance in
   *  dictionary mode and cost about a tenth of building the parser (0.9 MB of garbage, measured with
   *  V8's heap sampler). Installed on a prototype layer between the instance and its class, they are
   *  dropped by one prototype change instead. */
  protected enableRecording(): void {
    const recording = Object.create(Object.getPrototypeOf(this) as object) as this;
    (EmbeddedActionsParser.prototype as unknown as { enableRecording(): void }).enableRecording.call(recording);
    Object.setPrototypeOf(this, recording);
    this.RECORDING_PHASE = true;
  }

  protected disableRecording(): void {
    Object.setPrototypeOf(this, Object.getPrototypeOf(Object.getPrototypeOf(this)) as object);
    this.RECORDING_PHASE = false;
  }

  private lines = new LineIndex([0]);
  private starts: Int32Array = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);

  /** The text to parse next: its tokens, shared per text, and their offsets (lexer.ts). */
  setInput(lexed: Pick<LexResult, 'tokens' | 'starts' | 'ends' | 'lines'>): void {
    this.input = lexed.tokens;
    this.starts = lexed.starts;
    this.ends = lexed.ends;
    this.lines = lexed.lines;
  }

  /** The index of the token consumed last. chevrotain's lexer state is that index; its LexerAdapter
   *  keeps it for parsers that supply tokens their own way, though its typings leave it out. */
  protected last(): number {
    return (this as unknown as { exportLexerState(): number }).exportLexerState();
  }

  /** The span of the tokens from index `first` to index `last`. */
  protected spanOf(first: number, last = first): Span {
    return new OffsetSpan(this.lines, this.starts[first] ?? 0, this.ends[last] ?? 0);
  }

  /** The span from the token the current rule started at to the last token it consumed. */
  protected spanFrom(first: number): Span {
    return this.spanOf(first, this.last());
  }
}
