// The Python-literal parser for .npy headers: the forms numpy writes and the looser forms other
// writers (and Python 2) produced, written out literally, and its refusals.

import { describe, expect, it } from 'vitest';
import { parsePyLiteral, PyLiteralError } from '../../src/tensor-io/npy-header.js';

const dict = (entries: [string, unknown][]) => new Map(entries);

describe('parsePyLiteral', () => {
  it("reads numpy's header, padding and newline included", () => {
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 32, 32), }" + ' '.repeat(50) + '\n';
    expect(parsePyLiteral(header)).toEqual(dict([['descr', '<f4'], ['fortran_order', false], ['shape', [2, 3, 32, 32]]]));
  });

  it('reads tuples of every length: (), (5,), (5) is just 5', () => {
    expect(parsePyLiteral('()')).toEqual([]);
    expect(parsePyLiteral('(5,)')).toEqual([5]);
    expect(parsePyLiteral('(5)')).toBe(5);
    expect(parsePyLiteral('(1, 2,)')).toEqual([1, 2]);
  });

  it('tolerates any spacing, double quotes, trailing commas and Python 2 longs', () => {
    const text = '{ "shape" :( 3L ,4l , ) ,"fortran_order":True,\t"descr" :"<f8" ,\n}';
    expect(parsePyLiteral(text)).toEqual(dict([['shape', [3, 4]], ['fortran_order', true], ['descr', '<f8']]));
  });

  it('reads lists, None, negative integers, nested values and escapes', () => {
    expect(parsePyLiteral("[('x', '<f4'), ('y', '<i8', (2,))]")).toEqual([['x', '<f4'], ['y', '<i8', [2]]]);
    expect(parsePyLiteral('None')).toBeNull();
    expect(parsePyLiteral('-7')).toBe(-7);
    expect(parsePyLiteral("'it\\'s'")).toBe("it's");
    expect(parsePyLiteral('{}')).toEqual(new Map());
  });

  it.each([
    ["{'descr': '<f4'", "expected '}' but found the end at character 16"],
    ["{'a': 1} x", 'unexpected "x" after the value at character 10'],
    ['{1: 2}', 'expected a string key but found "1" at character 2'],
    ["{'a' 1}", `expected ':' but found "1" at character 6`],
    ["{'a': Truth}", 'expected a value but found "T" at character 7'],
    ["'open", 'unfinished string at character 6'],
    ['(1, 2', "expected ')' but found the end at character 6"],
    ['123456789012345678901234567890', 'integer 123456789012345678901234567890 is too large at character 1'],
    ['', 'expected a value but found the end at character 1'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parsePyLiteral(text)).toThrow(PyLiteralError);
    expect(() => parsePyLiteral(text)).toThrow(message);
  });

  it('refuses nesting deeper than 32', () => {
    expect(() => parsePyLiteral('('.repeat(40) + ')'.repeat(40))).toThrow(/nested more than 32 deep/);
    expect(parsePyLiteral('('.repeat(30) + '1,' + ')'.repeat(30))).toBeDefined();
  });
});
