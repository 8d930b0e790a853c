// Parser fuzzing with fast-check, seeded so that every run tries the same inputs and a failure
// reproduces (fast-check prints the seed, the path and the shrunk input):
//   (a) generated valid programs (fuzz-gen.ts) parse without diagnostics, and compile never throws;
//   (b) mutations of them (characters, tokens, bytes, unicode, long numbers, deep nesting) never make
//       compile throw, and every diagnostic has a sane position, a message and a hint;
//   (c) printing a parsed AST (fuzz-print.ts) and parsing it again gives the same AST, spans aside;
//   (d) hostile inputs (fuzz-hostile.ts: long let chains, deep nesting, huge counts, long
//       expressions, long lines) give a network or positioned errors, never a throw, each in
//       bounded time.
// 12,300 inputs per run (4,000 + 6,000 + 2,000 + 300). For longer hunts, FUZZ_RUNS=N
// sets the number of runs of each property and FUZZ_SEED=N the seed:
//   FUZZ_SEED=2 FUZZ_RUNS=20000 npx vitest run test/notation/fuzz.test.ts -t 'fuzzing the parser'

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../../src/api.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parse } from '../../src/notation/syntax/parse.js';
import { compileInFreshProcess } from './fuzz-cold.js';
import { Choices, mutate, program } from './fuzz-gen.js';
import { hostile } from './fuzz-hostile.js';
import { printFile, withoutSpans } from './fuzz-print.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261129);
const RUNS = process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : undefined;
const runs = (n: number) => ({ seed: SEED, numRuns: RUNS ?? n });

/** The decisions that drive the generator: shrinking them shrinks the program. */
const decisions = fc.array(fc.nat({ max: 0xffff }), { maxLength: 1000, size: 'max' });
const programs = decisions.map((d) => program(new Choices(d)).text);
/** A valid program and 1 to 4 edits of it. */
const mutants = fc.tuple(decisions, fc.array(fc.nat({ max: 0xffff }), { minLength: 1, maxLength: 40 })).map(([d, m]) => {
  const choices = new Choices(m);
  let text = program(new Choices(d)).text;
  for (let i = choices.int(1, 4); i > 0; i--) text = mutate(choices, text);
  return text;
});

/** How deep '[', '(' and '{' nest at most, counted as parse.ts counts them (closing ones included). */
function maxNesting(source: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of source) {
    if (ch === '[' || ch === '(' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === ')' || ch === '}') depth--;
  }
  return max;
}

/**
 * Exceptions from src/ that the regressions below pin down (it.fails); the mutation property lets
 * them through so that it keeps hunting for new failures. Delete an entry when its bug is fixed.
 */
const KNOWN_THROWS: readonly { readonly why: string; readonly error: RegExp; readonly matches: (source: string) => boolean }[] = [
];
let knownThrows = 0;

/** compile, with a thrown exception turned into a readable failure. */
function compileSafely(source: string, options = {}, allowKnown = false): CompileResult | null {
  try {
    return compile(source, options);
  } catch (e) {
    if (allowKnown && e instanceof Error && KNOWN_THROWS.some((k) => k.error.test(e.message) && k.matches(source))) {
      knownThrows++;
      return null;
    }
    throw new Error(`compile threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)} on ${JSON.stringify(source.length > 400 ? source.slice(0, 400) + '...' : source)}`);
  }
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/** The line and column of an offset, counted as the lexer counts them (CRLF, CR and LF end a line). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n' && i + 1 < offset) i++;
    if (c === '\n' || c === '\r') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Why a diagnostic's position or text is not sane for its source, or null. */
export function insanity(d: Diagnostic, source: string): string | null {
  const lines = lineCount(source);
  for (const [which, p] of [['start', d.span.start], ['end', d.span.end]] as const) {
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > lines + 1) return `${which}.line ${p.line} outside 1..${lines + 1}`;
    if (!Number.isInteger(p.column) || p.column < 1) return `${which}.column ${p.column} below 1`;
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > source.length) return `${which}.offset ${p.offset} outside 0..${source.length}`;
  }
  if (d.span.start.offset > d.span.end.offset) return `start.offset ${d.span.start.offset} after end.offset ${d.span.end.offset}`;
  // Line and column must be those of the offset, or a rendered caret points elsewhere.
  for (const [which, p] of [['start', d.span.start], ['end', d.span.end]] as const) {
    const q = positionOf(source, p.offset);
    if (q.line !== p.line || q.column !== p.column) return `${which} is ${p.line}:${p.column} but offset ${p.offset} is ${q.line}:${q.column}`;
  }
  if (!d.message.trim()) return 'empty message';
  if (!d.hint.trim()) return 'empty hint';
  if (!d.code.trim()) return 'empty code';
  return null;
}

function expectSaneDiagnostics(result: CompileResult | null, source: string): void {
  for (const d of result?.diagnostics ?? []) {
    const why = insanity(d, source);
    if (why) throw new Error(`${why}: ${JSON.stringify(d)} for ${JSON.stringify(source.slice(0, 400))}`);
  }
}

describe('fuzzing the parser', () => {
  it('generated valid programs parse without diagnostics, and compile never throws', () => {
    let analysed = 0;
    let total = 0;
    fc.assert(
      fc.property(programs, fc.boolean(), (source, withoutOptional) => {
        const parsed = parse(source);
        if (parsed.diagnostics.length > 0) throw new Error(`${parsed.diagnostics[0]!.message} in ${JSON.stringify(source)}`);
        const result = compileSafely(source, { withoutOptional });
        expectSaneDiagnostics(result, source);
        total++;
        if (result?.analysis) analysed++;
      }),
      runs(4000),
    );
    // The generator is meant to reach the analysis most of the time, not only the parser.
    if (RUNS === undefined) expect(analysed / total).toBeGreaterThan(0.4);
  });

  it('mutated programs never make compile throw, and every diagnostic has a sane position and text', () => {
    fc.assert(
      fc.property(mutants, (source) => {
        expectSaneDiagnostics(compileSafely(source, {}, true), source);
      }),
      runs(6000),
    );
    if (knownThrows > 0) console.log(`fuzz: ${knownThrows} mutants hit the known exceptions (see the it.fails regressions)`);
  });

  it('printing a parsed AST and parsing the text again gives the same AST, spans aside', () => {
    fc.assert(
      fc.property(programs, (source) => {
        const first = parse(source).ast!;
        const printed = printFile(first);
        const again = parse(printed);
        if (!again.ast) throw new Error(`the printed text does not parse: ${again.diagnostics[0]?.message}\n${printed}\nfrom ${JSON.stringify(source)}`);
        expect(withoutSpans(again.ast)).toEqual(withoutSpans(first));
        expect(printFile(again.ast)).toBe(printed);
      }),
      runs(2000),
    );
  });
});

describe('fuzzing with hostile inputs', () => {
  /** Far more than any of these takes when expansion is linear (most take milliseconds), far less
   *  than the minutes a cubic one took (2,000 chained lets: 85 s). */
  const MAX_MS = 5000;
  it('hostile inputs give a network or positioned errors, never a throw, each in bounded time', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 0xffff }), { maxLength: 40 }), (d) => {
        const { kind, text } = hostile(new Choices(d));
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        const started = performance.now();
        const result = compileSafely(text, { maxLayers: 20_000 }); // a valid network stays small enough to analyse quickly
        const ms = performance.now() - started;
        if (ms > MAX_MS) throw new Error(`${kind}: ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 200))}`);
        expectSaneDiagnostics(result, text);
        if (!result!.analysis && !result!.diagnostics.some((x) => x.severity === 'error')) throw new Error(`${kind}: no network and no error`);
      }),
      runs(300),
    );
    if (RUNS === undefined) expect(seen.size).toBe(5); // every class was tried
  });
});

describe('fuzzing regressions (inputs the fuzzer or its authors found)', () => {
  const sane = (source: string) => expectSaneDiagnostics(compileSafely(source), source);
  const layerCount = (source: string) => compileSafely(source)?.analysis?.layers.length;

  // Line ends are LF, CRLF or a lone CR everywhere: a comment stops at a lone CR (it used to swallow
  // the rest of a CR-only file), and the end-of-file position counts lone CRs as the lexer does.
  it('a comment ends at a lone CR as well', () => {
    expect(layerCount('INPUT [8x8x1] # c\r=> RELU')).toBe(2);
  });

  it('the end-of-file position counts lone CRs as line ends, as the lexer does', () => {
    const source = 'INPUT [8x8x1]\r=> RELU\r=> ';
    const d = compileSafely(source)!.diagnostics[0]!;
    expect([d.span.start.line, d.span.start.column]).toEqual([3, 4]);
  });

  // looksLikeExpression used to read 'b' as an integer expression and stop at '('.
  it('a block call is a pipeline let value: let c = b(4)', () => {
    expect(layerCount('let b(a) = CONV(f=3, k=a)\nlet c = b(4)\nINPUT [8x8x1] => c')).toBe(2);
  });

  // Statements have no separator: after a let ending in a layer, '[' used to be read as that layer's
  // shape; the layer rule now takes '[' as a shape only when a shape follows it.
  it('a network in brackets after a pipeline let', () => {
    expect(layerCount('let b = RELU\n[INPUT [8x8x1]] => b')).toBe(2);
  });

  it('deep nesting is refused with a diagnostic', () => {
    for (const open of ['[', '(', '{']) {
      const close = { '[': ']', '(': ')', '{': '}' }[open]!;
      sane('INPUT [8x8x1] => ' + open.repeat(5000) + 'RELU' + close.repeat(5000));
      sane('let N = ' + open.repeat(5000) + '1');
    }
  });

  it('long flat inputs: 10,000 groups, a 20,000-term sum', () => {
    sane('INPUT [8x8x1] => ' + Array(10_000).fill('[RELU]').join(' => '));
    sane('let N = ' + Array(20_000).fill('1').join(' + ') + '\nINPUT [8x8x1] => RELU*(N - 19999)');
  });

  it('unicode, NUL, lone surrogates, CR-only line ends, very long numbers', () => {
    sane('INPUT [8x8x1] => RELU\u0000 => \ud800 => 😀');
    sane('INPUT [8x8x1]\r=> RELU\r=> FOO\r');
    sane('INPUT [8x8x1] => FC-' + '9'.repeat(400));
    sane('INPUT [' + '9'.repeat(30) + 'x1x1] => RELU*' + '9'.repeat(30));
    sane('INPUT [8x8x1] => RELU*1e400 => DROPOUT(1e-400)');
  });

  // Fixed in 8c27cd7 (runs of more than 64 minus signs are refused before parsing).
  it('a long run of unary minus signs is refused with a diagnostic, not a RangeError', () => {
    sane('INPUT [8x8x1] => FC-' + '-'.repeat(5000) + '4');
  });
  it('the same in a let value', () => {
    sane('let N = ' + '-'.repeat(5000) + '4\nINPUT [8x8x1] => RELU*N');
  });

  // The two limits of parse.ts used to multiply: 40 levels of '(' each after a run of 40 minus signs
  // recursed 1,600 times and overflowed the stack. parse.ts now limits their sum (MAX_RECURSION).
  it('minus runs inside nested parentheses are refused with a diagnostic, not a RangeError', () => {
    const k = 60;
    sane('let N = ' + ('-'.repeat(k) + '(').repeat(k) + '1' + ')'.repeat(k) + '\nINPUT [8x8x1] => RELU*N');
  });

  // During error recovery a failed expression rule returned undefined, and binary() read its .span
  // (TypeError). Found by the mutation property ('FC(n=+1)'). The expression rules now return a
  // placeholder when recovery gives up on them (EXPR_RECOVERY in syntax/grammar.ts).
  it('an expression that starts with an operator gives a syntax diagnostic, not a TypeError', () => {
    sane('INPUT [1x1x1] => RELU*(+1)');
    const source = 'INPUT [1x1x1] => RELU*(+1)';
    expect(compile(source).diagnostics.map((d) => [d.code, d.span.start.column])).toEqual([['syntax', source.indexOf('+') + 1]]); // at the '+'
  });
  it('the same in a keyword argument', () => {
    sane('INPUT [1x1x1] => FC(n=*1)');
  });

  // Brackets left open 140 to 200 deep overflowed chevrotain's error recovery (NextAfterTokenWalker)
  // in a fresh process: found by the mutation property ('[' x 197 + 'RELUINPUT[1x1x1]=>RELU ').
  // Fixed in 8c27cd7 (MAX_NESTING 64). The overflow depends on how warm the JIT is, so these run in a
  // fresh process, as the CLI does.
  it('brackets left open 199 deep give a nesting diagnostic, not a RangeError (fresh process)', () => {
    expect(compileInFreshProcess('['.repeat(199) + 'RELU')).toEqual({ threw: null, codes: ['nesting-too-deep'] });
  });
  it('brackets left open 64 deep, each with a run of 64 minus signs (fresh process)', () => {
    expect(compileInFreshProcess('INPUT [8x8x1] => FC-' + ('['.repeat(1) + '-'.repeat(63)).repeat(64) + '1').threw).toBeNull();
  });
  // A shape side of 309 digits or more is Infinity as a Number, and reached BigInt(Infinity) (found by
  // the mutation property, seed 2). Shape sides and name suffixes are now checked as exact integers.
  it('a shape side too long for a double gives a diagnostic, not a RangeError', () => {
    sane('INPUT [' + '9'.repeat(309) + 'x1x1]');
    // a shape is one token, its sides have no spans of their own: the error points at the layer (layer-args.ts), INPUT at column 1
    expect(compile('INPUT [' + '9'.repeat(20) + 'x1x1] => RELU').diagnostics.map((d) => [d.code, d.span.start.column])).toEqual([['figure-too-large', 1]]);
  });
  // 2^53 + 1 as a literal is read as 2^53: it must be refused, not silently rounded.
  it('an integer literal above 2^53 - 1 is an error, not a rounded number', () => {
    expect(compile('INPUT [8x8x1] => FC-9007199254740993').diagnostics.map((d) => d.code)).toEqual(['figure-too-large']);
    expect(compile('let N = 9007199254740993\nINPUT [8x8x1] => RELU*(N - 9007199254740990)').diagnostics.map((d) => d.code)).toEqual(['figure-too-large']);
    expect(compile('let N = 9007199254740991\nINPUT [8x8x1] => RELU*(N - 9007199254740990)').diagnostics).toEqual([]);
  });

  it('brackets left open 100 deep give a syntax diagnostic (fresh process)', () => {
    expect(compileInFreshProcess('['.repeat(100) + 'RELU').threw).toBeNull();
  });
});
