// Hostile notation (issue #15): names bound twice, long let chains, long expressions, deep nesting,
// huge counts, and the messages around them. Positions are worked out from the text in each test.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { lintSource } from '../../src/lint/index.js';
import { MAX_BINDING_DEPTH, MAX_EXPANSION_DEPTH, MAX_PATH_FRAMES, MAX_TREE_DEPTH } from '../../src/notation/limits.js';
import { errorsOf } from '../helpers.js';
import { compileInFreshProcess } from './fuzz-cold.js';

const first = (source: string, options = {}) => errorsOf(source, options)[0]!;
const layerCount = (source: string) => compile(source).analysis?.layers.length;

/** `let a0 = <base>` then `let a<i> = <step(a<i-1>)>` for i = 1 .. n-1, one per line. */
function chain(n: number, base: string, step: (prev: string) => string, order: 'forward' | 'reversed' = 'forward'): string[] {
  const lines = [`let a0 = ${base}`];
  for (let i = 1; i < n; i++) lines.push(`let a${i} = ${step(`a${i - 1}`)}`);
  return order === 'forward' ? lines : lines.reverse();
}

describe('names bound twice', () => {
  it('a parameter named twice is an error at the second name (the CONV used to vanish, exit 0)', () => {
    const e = first('let f(a, a) = CONV(f=3, k=a)\nINPUT [8x8x1] => f(1, 2) => FC-10');
    expect(e).toMatchObject({ code: 'binding', line: 1, column: 'let f(a, '.length + 1, message: "'f' names its parameter 'a' twice" });
  });
  it('an argument given twice, a let bound twice, a flag given twice', () => {
    expect(first('INPUT [8x8x1] => CONV(k=3, k=4)')).toMatchObject({ code: 'bad-argument', column: 'INPUT [8x8x1] => CONV(k=3, '.length + 1 });
    expect(first('let b = RELU\nlet b = TANH\nINPUT [8x8x1] => b')).toMatchObject({ code: 'binding', line: 2, column: 5 });
    expect(first('INPUT [8x8x1] => POOL(global, global)')).toMatchObject({ code: 'bad-argument', column: 'INPUT [8x8x1] => POOL(global, '.length + 1 });
  });
});

describe('let chains resolve each binding once', () => {
  it('2,000 chained integer lets, in file order or reversed (a0 = 1, each one more): a1999 = 2,000', () => {
    for (const order of ['forward', 'reversed'] as const) {
      const started = performance.now();
      const source = chain(2000, '1', (p) => `${p} + 1`, order).join('\n') + '\nINPUT [8x8x1] => RELU*(a1999 - 1995)';
      expect(layerCount(source)).toBe(1 + 5); // INPUT and 2000 - 1995 = 5 RELUs
      expect(performance.now() - started).toBeLessThan(5000); // it took minutes when each use re-resolved the chain
    }
  });
  it('an integer cycle through 2,000 lets is reported, not recursed into', () => {
    const lines = chain(2000, 'a1999', (p) => p);
    expect(first(lines.join('\n') + '\nINPUT [8x8x1] => RELU*a5')).toMatchObject({ code: 'binding', message: "'a5' is defined in terms of itself", line: 6, column: 5 });
  });
  it(`pipeline aliases nest up to ${MAX_BINDING_DEPTH} uses; the next use is an error at its position`, () => {
    // a63 => a62 => ... => a0 = RELU: the network's use of a63 is use 1, a0 in a1's line is use 64
    expect(layerCount(chain(64, 'RELU', (p) => p).join('\n') + '\nINPUT [8x8x1] => a63')).toBe(2);
    // one more: a0, in `let a1 = a0` on line 2, is use 65
    const e = first(chain(65, 'RELU', (p) => p).join('\n') + '\nINPUT [8x8x1] => a64');
    expect(e).toMatchObject({ code: 'bindings-too-deep', line: 2, column: 'let a1 = '.length + 1 });
  });
  it('2,000 grouped or repeated aliases are refused at the 65th use, quickly (500 repeated ones took over a minute)', () => {
    const started = performance.now();
    // the use of a(1999 - k) sits k + 1 deep: use 65 is a1935, written in a1936's line, line 1937
    expect(first(chain(2000, 'RELU', (p) => `[${p}]`).join('\n') + '\nINPUT [8x8x1] => a1999')).toMatchObject({ code: 'bindings-too-deep', line: 1937, column: 'let a1936 = ['.length + 1 });
    expect(first(chain(500, 'RELU', (p) => `${p}*1`).join('\n') + '\nINPUT [8x8x1] => a499')).toMatchObject({ code: 'bindings-too-deep', line: 437, column: 'let a436 = '.length + 1 });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('explicit depth limits, each with its own code and position', () => {
  it(`a sum of 3,000 terms: the term that makes the expression ${MAX_TREE_DEPTH + 1} levels deep`, () => {
    // 1+1+...+1 is a left-deep tree: the sum of the first k terms is k levels deep, so term 501 passes 500
    const prefix = 'INPUT [8x8x1] => RELU*(';
    const e = first(prefix + Array(3000).fill('1').join('+') + ')');
    expect(e).toMatchObject({ code: 'expression-too-long', line: 1, column: prefix.length + 2 * (MAX_TREE_DEPTH + 1 - 1) + 1 });
  });
  it('5,000 postfixes: the postfix that makes the element too deep', () => {
    // RELU is one level, RELU*1 two: postfix j makes j + 1 levels, so postfix 500 passes 500
    const prefix = 'INPUT [8x8x1] => RELU';
    const e = first(prefix + '*1'.repeat(5000));
    expect(e).toMatchObject({ code: 'too-many-postfixes', line: 1, column: prefix.length + 2 * (MAX_TREE_DEPTH - 1) + 2 }); // the count of postfix 500
  });
  it('just under the tree limit is accepted: 498 postfixes', () => {
    expect(layerCount('INPUT [8x8x1] => RELU' + '*1'.repeat(MAX_TREE_DEPTH - 2))).toBe(2);
  });
  it(`elements nested through bindings past ${MAX_EXPANSION_DEPTH} levels: the repeat too deep`, () => {
    // b2 (level 1), its 400 repeats (2..401), [ ] (402), b1 (403), 400 repeats (404..803), [ ] (804),
    // b0 (805), then b0's repeats from the outermost (postfix 400) in: level 1001 is postfix 400 - 195 = 205
    const p = '*1'.repeat(400);
    const e = first(`let b0 = RELU${p}\nlet b1 = [b0]${p}\nlet b2 = [b1]${p}\nINPUT [8x8x1] => b2`);
    expect(e).toMatchObject({ code: 'expansion-too-deep', line: 1, column: 'let b0 = RELU'.length + 2 * (205 - 1) + 2 });
  });
  it('no catch-all: a file without let never hears of bindings', () => {
    for (const source of ['INPUT [8x8x1] => RELU*(' + Array(3000).fill('1').join('+') + ')', 'INPUT [8x8x1] => RELU' + '*1'.repeat(5000)]) {
      expect(compile(source).diagnostics.map((d) => d.code)).not.toContain('binding');
    }
  });
  // Stack overflows depend on how warm the JIT is: the deepest accepted inputs run in a fresh process.
  it('the deepest accepted inputs compile in a fresh process, and one step deeper is refused', () => {
    const deep = '*1'.repeat(MAX_TREE_DEPTH - 2);
    const aliases = chain(MAX_BINDING_DEPTH, 'RELU', (p) => `[${p}]`).join('\n') + `\nINPUT [8x8x1] => a${MAX_BINDING_DEPTH - 1}`;
    // 3 bindings of 330 repeats each: about 995 levels of elements, under the expansion limit
    const p = '*1'.repeat(330);
    const nested = `let b0 = RELU${p}\nlet b1 = [b0]${p}\nlet b2 = [b1]${p}\nINPUT [8x8x1] => b2`;
    const sum = 'let N = ' + Array(MAX_TREE_DEPTH - 2).fill('1').join('+') + '\nINPUT [8x8x1] => RELU*(N - 497)';
    for (const source of ['INPUT [8x8x1] => RELU' + deep, aliases, nested, sum]) expect(compileInFreshProcess(source)).toEqual({ threw: null, codes: [] });
    expect(compileInFreshProcess(chain(MAX_BINDING_DEPTH + 1, 'RELU', (q) => `[${q}]`).join('\n') + `\nINPUT [8x8x1] => a${MAX_BINDING_DEPTH}`)).toEqual({ threw: null, codes: ['bindings-too-deep'] });
  });
});

describe('huge counts', () => {
  it('a repeat past --max-layers is refused before anything is built', () => {
    const e = first('INPUT [1x1x1] => RELU*5999999');
    expect(e).toMatchObject({ code: 'too-many-layers', column: 'INPUT [1x1x1] => '.length + 1, message: 'this expands to 5,999,999 layers, more than the limit of 1,000,000 for the whole network (INPUT included)' });
  });
  it('a repeat of a body without layers adds nothing however large its count (it used to loop 10^30 times)', () => {
    expect(layerCount('INPUT [1x1x1] => ID*1000000*1000000*1000000*1000000*1000000 => RELU')).toBe(2);
    expect(compile('INPUT [1x1x1] => [RELU?]*9007199254740991', { withoutOptional: true }).analysis?.layers.length).toBe(1);
  });
});

describe('messages', () => {
  it('ID with arguments is told it takes none, not "did you mean ID?"', () => {
    const e = first('INPUT [8x8x1] => ID(3)');
    expect(e).toMatchObject({ code: 'bad-argument', column: 18, message: 'ID is the identity and takes no arguments, dash value or shape' });
  });
  it('GAP(mode=max): GAP is avg global pooling, and POOL(mode=max, global) is what to write', () => {
    const e = first('INPUT [8x8x1] => GAP(mode=max)');
    expect(e).toMatchObject({ code: 'bad-argument', column: 'INPUT [8x8x1] => GAP('.length + 1, message: "GAP is POOL(mode=avg, global): 'mode' is set by it already", hint: 'write POOL(mode=max, global) instead' });
  });
  it('global pooling has no window: f, s, p and round with global are errors at the argument', () => {
    expect(first('INPUT [8x8x1] => POOL(f=3, global)')).toMatchObject({ code: 'bad-argument', column: 'INPUT [8x8x1] => POOL('.length + 1, message: "POOL: with 'global' (one window over the whole input), 'f' has no effect" });
    expect(first('INPUT [8x8x1] => POOL3(global)')).toMatchObject({ code: 'bad-argument', column: 18 }); // the 3 of POOL3 is f
    expect(first('INPUT [8x8x1] => GAP(s=2)')).toMatchObject({ code: 'bad-argument', message: "GAP is POOL(mode=avg, global): 's' has no effect" });
    expect(errorsOf('INPUT [8x8x1] => POOL(mode=avg, global)')).toEqual([]);
  });
});

describe('the frames of all the layers repetition paths together', () => {
  const HEAD = 'INPUT [1x1x1] => ';
  it(`are bounded (${MAX_PATH_FRAMES} frames): many layers inside many repeats stop at the element, not in V8's heap`, () => {
    // RELU*100000 gives its 100,000 layers one frame each; every *1 after it one more each:
    // after k postfixes 100,000 * (k + 1) frames, past 8,000,000 first at k = 80 (8,100,000).
    const e = first(HEAD + 'RELU*100000' + '*1'.repeat(100));
    expect(e).toMatchObject({ code: 'paths-too-long', line: 1, column: HEAD.length + 1 });
    expect(e.message).toContain('reach 8,100,000 frames');
  });
  it('count branches and binding uses as frames too', () => {
    // In one use of b, each of the 2 x 20,000 RELUs is inside a repeat, a branch and the use (3 frames)
    // and the add node inside the use (1): 120,001 frames a use. 66 uses: 7,920,066; the 67th use
    // passes the limit with 8,040,067 and is the element named (refused before anything is built).
    const uses = 67;
    const source = `let b = { RELU*20000 + RELU*20000 }\n${HEAD}${'b => '.repeat(uses)}FC-1`;
    const e = first(source, { maxLayers: 3_000_000 });
    expect(e).toMatchObject({ code: 'paths-too-long', line: 2, column: HEAD.length + 1 + (uses - 1) * 'b => '.length });
    expect(e.message).toContain('reach 8,040,067 frames');
  });
});

describe('a merge of very many branches', () => {
  it('200,001 branches: every pass folds over the inputs (a spread of them into one call overflowed the stack)', () => {
    const source = `INPUT [1x1x1] => { ${Array(200_001).fill('ID').join(' + ')} }`;
    const analysis = compile(source).analysis!;
    const merge = analysis.layers.at(-1)!;
    expect(merge.inputs).toHaveLength(200_001);
    expect(merge.receptiveField).toEqual({ size: 1, stride: 1 }); // ID changes nothing: 1 (1)
    expect(() => lintSource(source, 'wide.cnn')).not.toThrow();
  });
});

describe('a file of very many errors', () => {
  it('expansion stops at the 1,000th error and says so (millions of unknown names held millions of diagnostics)', () => {
    const errors = errorsOf(`INPUT [1x1x1] => ${Array(5000).fill('R').join(' => ')}`);
    expect(errors).toHaveLength(1001);
    expect(errors.slice(0, 1000).every((e) => e.code === 'unknown-name')).toBe(true);
    // at the 1,000th R: column 'INPUT [1x1x1] => '.length + 1 + 999 * 'R => '.length
    expect(errors[1000]).toMatchObject({ code: 'too-many-errors', message: 'expansion stopped after 1,000 errors', column: 18 + 999 * 5 });
  });
});
