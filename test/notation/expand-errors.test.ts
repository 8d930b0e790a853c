// Expansion reports each error once, at its position: a let's error comes back through every use of
// the let, and a part of a block through every use of the block, but each cause is one diagnostic.
import { describe, expect, it } from 'vitest';
import { errorsOf } from '../helpers.js';

const where = (source: string) => errorsOf(source).map((e) => `${e.code} ${e.line}:${e.column}`);

describe('each cause is reported once', () => {
  it.each([
    ["a let's unbound name, through two repeat counts", 'let N = M + 1\nINPUT [8x8x1] => RELU*N => RELU*N', ['unbound-name 1:9']],
    ["a let's cycle, through two repeat counts", 'let N = N + 1\nINPUT [8x8x1] => RELU*N => RELU*N', ['binding 1:5']],
    ["a let's cycle, through a repeat count and a layer's argument", 'let N = N + 1\nINPUT [8x8x1] => RELU*N => FC-N', ['binding 1:5']],
    ["a let's unbound name, through two layers' arguments", 'let N = M\nINPUT [8x8x1] => FC-N => FC-N', ['unbound-name 1:9']],
    ["a block's repeat count that does not read its parameters, in two scopes", 'let b(n) = [RELU*M]\nINPUT [8x8x1] => b(1) => b(2)', ['unbound-name 1:18']],
    ["a block's negative repeat count, in two scopes", 'let b(n) = [RELU*(0-1)]\nINPUT [8x8x1] => b(1) => b(2)', ['out-of-range 1:18']],
    ['an unknown layer in a block, in two scopes', 'let b(n) = [FOO]\nINPUT [8x8x1] => b(1) => b(2)', ['unknown-name 1:13']],
    ['an unknown layer in a block whose arguments read the parameter', 'let b(n) = [FOO(k=n)]\nINPUT [8x8x1] => b(1) => b(2)', ['unknown-name 1:13']],
    ['an unknown argument beside one that reads the parameter', 'let b(n) = [CONV(f=3, k=n, q=2)]\nINPUT [8x8x1] => b(1) => b(2)', ['bad-argument 1:28']],
    ['an unknown binding in a block, in two scopes', 'let b(n) = [foo]\nINPUT [8x8x1] => b(1) => b(2)', ['unknown-name 1:13']],
    ['an unknown layer in a plain binding used twice', 'let b = [FOO]\nINPUT [8x8x1] => b => b', ['unknown-name 1:10']],
    ['an unknown layer in a repeat', 'INPUT [8x8x1] => [FOO]*3', ['unknown-name 1:19']],
    ['a wrong block call inside a block used twice', 'let a(n) = [RELU]\nlet b(m) = [a(1, 2)]\nINPUT [8x8x1] => b(1) => b(2)', ['bad-argument 2:13']],
    ["a block call's argument that does not read the parameters, repeated", 'let b(n) = [RELU]\nINPUT [8x8x1] => [b(M)]*3', ['unbound-name 2:21']],
    ['a brace of mixed separators in a block used twice', 'let b(n) = [{RELU | RELU + RELU}]\nINPUT [8x8x1] => b(1) => b(2)', ['syntax 1:26']],
    ['a block that contains itself, used twice', 'let a(n) = [RELU => a(n)]\nINPUT [8x8x1] => a(1) => a(2)', ['binding 1:21']],
    ['a binding that contains itself, used twice', 'let a = [RELU => a]\nINPUT [8x8x1] => a => a', ['binding 1:18']],
    ['an INPUT in a binding used twice', 'let b = [INPUT [8x8x1]]\nINPUT [8x8x1] => b => b', ['input-placement 1:10']],
    ['a network without INPUT, of several layers', 'RELU => [RELU]*3 => { RELU | RELU }', ['input-placement 1:1']],
  ])('%s', (_, source, expected) => {
    expect(where(source)).toEqual(expected);
  });

  it('the same part with other values is another cause, reported at the same position', () => {
    const errors = errorsOf('let b(n) = [CONV(f=n, k=4)]\nINPUT [8x8x1] => b(0) => b(-1) => b(0)');
    expect(errors.map((e) => `${e.code} ${e.line}:${e.column} ${e.message}`)).toEqual([
      'out-of-range 1:18 CONV: f (window (filter) size per side) must be at least 1, got 0',
      'out-of-range 1:18 CONV: f (window (filter) size per side) must be at least 1, got -1',
    ]);
  });
});
