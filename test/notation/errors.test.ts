// Every error of the notation, with the line and column it points at and the help it gives.

import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { compile } from '../../src/api.js';
import { renderDiagnostics } from '../../src/report/diagnostics.js';
import { RULE_HELP } from '../../src/notation/syntax/parse-errors.js';
import { NotationParser } from '../../src/notation/syntax/grammar.js';
import { errorsOf } from '../helpers.js';

const first = (source: string, options = {}) => errorsOf(source, options)[0]!;

describe('syntax errors', () => {
  it('reports every syntax error of a file, not just the first', () => {
    const errors = errorsOf('INPUT [8x8x1] => => RELU\n=> CONV(f=3, k=)\n=> [FC-10');
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['syntax', 1, 18],
      ['syntax', 2, 16],
      ['syntax', 3, 10], // the end of the file, just after '=> [FC-10'
    ]);
    expect(errors[0]!.message).toBe("expected a layer (such as CONV3-64), a group [ ... ] or a binding name but found '=>'");
    expect(errors[2]!.message).toBe("expected ']' but found the end of the file");
  });
  it('an unknown character', () => {
    expect(first('INPUT [8x8x1] => CONV3-4 % RELU')).toMatchObject({ code: 'syntax', line: 1, column: 26, message: "unexpected character '%'" });
  });
  it('two pipelines without an arrow between them', () => {
    expect(first('INPUT [8x8x1] => CONV3-4\nRELU')).toMatchObject({ code: 'syntax', line: 2, column: 1 });
  });
  it('an empty file', () => {
    expect(first('# nothing here\n')).toMatchObject({ code: 'syntax', message: 'the file has no network' });
  });
  it('a long run of minus signs is refused before parsing (each is a level of recursion)', () => {
    expect(first('INPUT [8x8x1] => FC-' + '-'.repeat(5000) + '4')).toMatchObject({ code: 'nesting-too-deep', line: 1, column: 20 + 64 }); // FC's dash is at column 20: the 65th minus
  });
  it('absurd nesting is refused before parsing', () => {
    expect(first('INPUT [8x8x1] => ' + '['.repeat(5000) + 'RELU' + ']'.repeat(5000))).toMatchObject({ code: 'nesting-too-deep', line: 1, column: 18 + 64 }); // the 65th '['
  });
});

describe('syntax error hints', () => {
  // The hints were once keyed by words of the message, and the repeat count's key ('repeat') was no
  // rule's name ('count'), so its hint never fired. Now both come from one table keyed by rule name.
  it('every rule the help table names is a rule of the grammar', () => {
    const rules = Object.keys(new NotationParser({ validate: true, recover: false }).getGAstProductions());
    for (const rule of Object.keys(RULE_HELP)) expect(rules).toContain(rule);
  });
  it.each([
    ['INPUT [8x8x1] => => RELU', RULE_HELP['primary']!.hint],
    ['INPUT [8x8x1] => FC-=> RELU', RULE_HELP['factor']!.hint],
    ['INPUT [8x8x1] => RELU* => RELU', RULE_HELP['count']!.hint],
    ['=> RELU', RULE_HELP['file']!.hint],
    ['INPUT [8x8x1] => [RELU', "close the group with ']'; every '[' needs one"],
    ['INPUT [8x8x1] => CONV(f=3', "close the argument list or expression with ')'"],
    ['INPUT [8x8x1] => {RELU | RELU', "close the branches with '}'"],
  ])('%j gets its hint', (source, hint) => {
    expect(first(source).hint).toBe(hint);
  });
  it('a missing repeat count says so, with its hint', () => {
    expect(first('INPUT [8x8x1] => RELU* => FC-10')).toMatchObject({
      code: 'syntax',
      column: 'INPUT [8x8x1] => RELU* '.length + 1,
      message: "expected a repeat count: a number, a name or ( expression ) but found '=>'",
      hint: 'write a count after *: a number, a let name, or (expression)',
    });
  });
  it('each distinct hint of the table fires for some input above', () => {
    const hints = new Set(Object.values(RULE_HELP).map((h) => h.hint));
    const fired = new Set(['INPUT [8x8x1] => => RELU', 'INPUT [8x8x1] => FC-=> RELU', 'INPUT [8x8x1] => RELU* => RELU', '=> RELU'].map((s) => first(s).hint));
    expect(fired).toEqual(hints);
  });
});

describe('names', () => {
  it('an unknown layer suggests the nearest keyword, keeping the shorthand suffix', () => {
    expect(first('INPUT [8x8x1] => CONVV3-64')).toMatchObject({ code: 'unknown-name', line: 1, column: 18, message: "unknown layer or binding 'CONVV3'; did you mean CONV3?" });
    expect(first('INPUT [8x8x1] => REUL')).toMatchObject({ code: 'unknown-name', message: "unknown layer or binding 'REUL'; did you mean RELU?" });
  });
  it('an unknown binding suggests the nearest binding', () => {
    expect(first('let block = RELU\nINPUT [8x8x1] => blok')).toMatchObject({ code: 'unknown-name', line: 2, column: 18, message: "unknown layer or binding 'blok'; did you mean block?" });
  });
  it('an unbound variable suggests --set', () => {
    const e = first('INPUT [8x8x1] => RELU*N');
    expect(e).toMatchObject({ code: 'unbound-name', line: 1, column: 23, message: "'N' is not bound" });
    expect(e.hint).toContain('--set N=');
  });
  it('a let cannot shadow a layer name, nor be bound twice, nor refer to itself', () => {
    expect(first('let relu = TANH\nINPUT [8x8x1]')).toMatchObject({ code: 'binding', line: 1, column: 5 });
    expect(first('let a = 1\nlet a = 2\nINPUT [8x8x1]')).toMatchObject({ code: 'binding', line: 2, column: 5 });
    expect(first('let a = [RELU => a]\nINPUT [8x8x1] => a')).toMatchObject({ code: 'binding', line: 1, column: 18 });
    expect(first('let N = N + 1\nINPUT [8x8x1] => RELU*N')).toMatchObject({ code: 'binding', line: 1, column: 5 });
  });
  it('an integer used as a pipeline and a pipeline used as an integer', () => {
    expect(first('let N = 2\nINPUT [8x8x1] => N')).toMatchObject({ code: 'not-an-integer', line: 2, column: 18 });
    expect(first('let b = [RELU]\nINPUT [8x8x1] => RELU*b')).toMatchObject({ code: 'not-an-integer', line: 2, column: 23 });
  });
});

describe('INPUT', () => {
  it('missing INPUT', () => {
    expect(first('CONV3-64 => RELU')).toMatchObject({ code: 'input-placement', line: 1, column: 1, message: 'the network must start with INPUT' });
  });
  it('INPUT twice or not first', () => {
    expect(first('INPUT [8x8x1] => RELU => INPUT [8x8x1]')).toMatchObject({ code: 'input-placement', line: 1, column: 26 });
  });
  it('a shape on another layer, or INPUT without one', () => {
    expect(first('INPUT [8x8x1] => RELU [8x8x1]')).toMatchObject({ code: 'bad-argument', line: 1, column: 18 });
    expect(first('INPUT => RELU')).toMatchObject({ code: 'bad-argument', line: 1, column: 1 });
  });
});

describe('sizes and hyperparameters', () => {
  it.each([
    ['INPUT [0x8x1]', 1, 1, 'w'],
    ['INPUT [8x8x1] => CONV(f=0, k=4)', 1, 23, 'f'],
    ['INPUT [8x8x1] => CONV(f=3, k=0)', 1, 28, 'k'],
    ['INPUT [8x8x1] => CONV(f=3, s=0)', 1, 28, 's'],
    ['INPUT [8x8x1] => CONV(f=3, p=-1)', 1, 28, 'p'],
    ['INPUT [8x8x1] => FC-0', 1, 21, 'n'],
    ['INPUT [8x8x1] => POOL0', 1, 18, 'f'],
    ['INPUT [8x8x1] => DROPOUT(1.5)', 1, 26, 'p'],
  ])('%s is refused at %i:%i', (source, line, column, key) => {
    const e = first(source);
    expect(e).toMatchObject({ code: 'out-of-range', line, column });
    expect(e.message).toContain(`${key} (`);
  });
  it('unknown, repeated and missing arguments', () => {
    expect(first('INPUT [8x8x1] => CONV(f=3, q=2)')).toMatchObject({ code: 'bad-argument', line: 1, column: 28 });
    expect(first('INPUT [8x8x1] => CONV3-4(f=5)')).toMatchObject({ code: 'bad-argument' });
    expect(first('INPUT [8x8x1] => FC')).toMatchObject({ code: 'bad-argument', line: 1, column: 18 });
    expect(first('INPUT [8x8x1] => POOL(mode=median)')).toMatchObject({ code: 'bad-argument', line: 1, column: 28 });
  });
  it('a fractional size, a division that is not exact, a negative count', () => {
    expect(first('INPUT [8x8x1] => CONV(f=2.5)')).toMatchObject({ code: 'not-an-integer', line: 1, column: 25 });
    const countAt = 'INPUT [8x8x1] => RELU*'.length + 1; // the parenthesised count, from its '('
    expect(first('INPUT [8x8x1] => RELU*(7/2)')).toMatchObject({ code: 'not-an-integer', line: 1, column: countAt });
    expect(first('INPUT [8x8x1] => RELU*(1-2)')).toMatchObject({ code: 'out-of-range', line: 1, column: countAt });
  });
});

describe('shapes', () => {
  it('an output size below 1 names the layer, the input size and the formula', () => {
    const e = first('INPUT [8x8x3] => POOL2 => POOL2 => POOL2 => CONV(f=5, k=4, p=0)');
    expect(e).toMatchObject({ code: 'output-too-small', line: 1, column: 45 }); // 13 + 3*(4 + 5) + 4 + 1
    expect(e.message).toBe('CONV(f=5, k=4, p=0) gets a 1x1x3 input: output width = floor((1 - 5 + 2*0)/1) + 1 = -3, below 1');
  });
});

describe('limits', () => {
  it('refuses a network over --max-layers before expanding it, at once, at the element that passes it', () => {
    const started = performance.now();
    const e = first('INPUT [8x8x1] => [RELU]*1000000000');
    expect(performance.now() - started).toBeLessThan(1000);
    // the repeat alone is 10^9 layers: it is the element that passes the limit, at column 18
    expect(e).toMatchObject({ code: 'too-many-layers', line: 1, column: 'INPUT [8x8x1] => '.length + 1 });
    expect(e.message).toBe('this expands to 1,000,000,000 layers, more than the limit of 1,000,000 for the whole network (INPUT included)');
    // INPUT + 3 RELU = 4 layers: the network passes a limit of 3 with the repeat
    const over = first('INPUT [8x8x1] => RELU*3', { maxLayers: 3 });
    expect(over).toMatchObject({ code: 'too-many-layers', column: 18, message: 'the network reaches 4 layers (INPUT included) with this element, more than the limit of 3' });
    expect(compile('INPUT [8x8x1] => RELU*2', { maxLayers: 3 }).analysis).not.toBeNull();
  });
  it('stops counting at the first element past the limit: the 4th layer of 100,000 with a limit of 3', () => {
    const source = 'INPUT [8x8x1]' + ' => RELU'.repeat(100_000);
    const e = first(source, { maxLayers: 3 });
    // INPUT, RELU, RELU are 3 layers; the third RELU makes 4: after 'INPUT [8x8x1]' (13 characters)
    // and two ' => RELU' (8 each), its ' => ' (4), at column 13 + 2*8 + 4 + 1
    expect(e).toMatchObject({ code: 'too-many-layers', line: 1, column: 13 + 2 * 8 + 4 + 1, message: 'the network reaches 4 layers (INPUT included) with this element, more than the limit of 3' });
  });
  it('a repeat of 0 leaves its body out of the count, as it leaves it out of the network', () => {
    expect(compile('INPUT [8x8x1] => [RELU*1000000000]*0 => RELU', { maxLayers: 2 }).analysis?.layers.length).toBe(2);
  });
  it('refuses a figure above 2^53 - 1 instead of rounding it', () => {
    // 65536*65536*4096 activations alone is 2^44; the conv's MACs are 2^44 * 9 * 4096 = 9 * 2^56.
    const e = first('INPUT [65536x65536x4096] => CONV3-4096');
    expect(e).toMatchObject({ code: 'figure-too-large', line: 1, column: 29 });
    expect(e.message).toContain('MACs would be 648,518,346,341,351,424');
    expect(9n * 2n ** 56n).toBe(648_518_346_341_351_424n);
  });
});

it('a misspelt name keeps its digits only where the suggested keyword takes them', () => {
  expect(first('INPUT [8x8x1] => RELUU2').message).toBe("unknown layer or binding 'RELUU2'; did you mean RELU?");
  expect(first('INPUT [8x8x1] => POL2').message).toBe("unknown layer or binding 'POL2'; did you mean POOL2?");
});

it('shows the source line of an error in a file with CR or CRLF line ends', () => {
  for (const end of ['\r', '\r\n']) {
    const source = ['INPUT [8x8x1]', '=> RELU', '=> FOO'].join(end);
    const text = renderDiagnostics(compile(source).diagnostics, { file: 'net.cnn', source }, new Chalk({ level: 0 }));
    expect(text).toContain('net.cnn:3:4');
    expect(text).toContain('    3 | => FOO\n      |    ^^^\n');
  }
});

it('bindings that stand for each other are a cycle, not an integer', () => {
  expect(first('let a = b\nlet b = a\nINPUT [8x8x1] => a')).toMatchObject({ code: 'binding', line: 3, column: 18, message: "'a' is defined in terms of itself" });
  expect(first('let a = b*2\nlet b = a\nINPUT [8x8x1] => a')).toMatchObject({ code: 'binding', message: "'a' is defined in terms of itself" });
});
