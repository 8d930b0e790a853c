// Every form of notation version 1, each checked by what it expands to.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { definitionOf } from '../../src/layers/index.js';
import { describePath } from '../../src/notation/network.js';
import { parse } from '../../src/notation/syntax/parse.js';
import { analysisOf } from '../helpers.js';

const kinds = (source: string, options = {}) => analysisOf(source, options).layers.map((l) => l.layer.kind);
// as `table --json` writes them: a square window's per-side fh, fw (and s, p) as version 2's f
const args = (source: string, i = 1) => {
  const { layer } = analysisOf(source).layers[i]!;
  return definitionOf(layer).argsJson?.(layer.args as never) ?? layer.args;
};

describe('pipelines', () => {
  it('=> and -> both mean "then", and newlines and # comments are whitespace', () => {
    const a = kinds('INPUT [8x8x1] => CONV3-4 -> RELU # a comment\n  => POOL2  # another\n');
    expect(a).toEqual(['input', 'conv', 'relu', 'pool']);
  });
  it('keywords are case-insensitive', () => {
    expect(kinds('input [8x8x1] => conv3-4 => Relu => pool2 => fc-2 => softmax')).toEqual(['input', 'conv', 'relu', 'pool', 'fc', 'softmax']);
  });
  it('groups nest to any depth and *n repeats groups and single layers', () => {
    expect(kinds('INPUT [8x8x1] => [[[CONV3-2]*2 => RELU]*2] => FC-3*2')).toEqual(['input', 'conv', 'conv', 'relu', 'conv', 'conv', 'relu', 'fc', 'fc']);
  });
  it('a count may be a name or a parenthesised expression with + - * /, where / divides exactly', () => {
    expect(kinds('let N = 3\nINPUT [8x8x1] => RELU*N => TANH*(N*2 - 4) => SIGMOID*((N+3)/2)')).toEqual(['input', 'relu', 'relu', 'relu', 'tanh', 'tanh', 'sigmoid', 'sigmoid', 'sigmoid']);
  });
  it('*0 leaves an element out', () => {
    expect(kinds('INPUT [8x8x1] => [FC-4 => RELU]*0 => FC-2')).toEqual(['input', 'fc']);
  });
  it('E? is included unless --without-optional', () => {
    const src = 'INPUT [8x8x1] => CONV3-2 => POOL2? => [FC-4 => RELU]?';
    expect(kinds(src)).toEqual(['input', 'conv', 'pool', 'fc', 'relu']);
    expect(kinds(src, { withoutOptional: true })).toEqual(['input', 'conv']);
  });
  it('postfixes combine in source order: E*2? and E?*2', () => {
    expect(kinds('INPUT [8x8x1] => RELU*2?', { withoutOptional: true })).toEqual(['input']);
    expect(kinds('INPUT [8x8x1] => RELU?*2')).toEqual(['input', 'relu', 'relu']);
  });
});

describe('let bindings and --set', () => {
  it('binds integers and sub-pipelines; a sub-pipeline is usable as an element', () => {
    const src = 'let N = 2\nlet block = [CONV3-4 => RELU]*N => POOL2\nINPUT [16x16x1] => block => block => FC-2';
    expect(kinds(src)).toEqual(['input', 'conv', 'relu', 'conv', 'relu', 'pool', 'conv', 'relu', 'conv', 'relu', 'pool', 'fc']);
  });
  it('integer lets may use expressions and other lets, in any order', () => {
    expect(kinds('let M = N * 2 - 1\nlet N = 2\nINPUT [8x8x1] => RELU*M')).toHaveLength(4);
  });
  it('--set overrides a let and binds a free name', () => {
    expect(kinds('let N = 1\nINPUT [8x8x1] => RELU*N => TANH*K', { set: { N: 2, K: 1 } })).toEqual(['input', 'relu', 'relu', 'tanh']);
  });
  it('a pipeline binding repeated in a let (let b2 = blk*2) is a pipeline', () => {
    expect(kinds('let blk = [CONV3-2 => RELU]\nlet b2 = blk*2\nINPUT [8x8x1] => b2')).toEqual(['input', 'conv', 'relu', 'conv', 'relu']);
  });
  it('names may be used in keyword arguments and shorthand values', () => {
    expect(args('let K = 16\nINPUT [8x8x3] => CONV(f=3, k=K*2)')).toMatchObject({ f: 3, k: 32 });
    expect(args('let K = 16\nINPUT [8x8x3] => CONV3-K')).toMatchObject({ f: 3, k: 16 });
    expect(analysisOf('let N = 10\nINPUT [8x8x3] => FC-N').layers[1]!.output.depth).toBe(10);
  });
});

describe('layers', () => {
  it('INPUT in its three forms', () => {
    const shape = { width: 32, height: 16, depth: 3 };
    for (const src of ['INPUT [32x16x3]', 'INPUT 32x16x3', 'INPUT(w=32, h=16, d=3)', 'INPUT [32 x 16 x 3]']) {
      expect(analysisOf(src).layers[0]!.output).toEqual(shape);
    }
  });
  it('CONV shorthand and keywords, with the contract defaults f=3, s=1, p=floor((f-1)/2), k = input depth', () => {
    const plain = { g: 1, d: 1, bias: true };
    expect(args('INPUT [8x8x3] => CONV3-64')).toEqual({ f: 3, k: 64, s: 1, p: 1, ...plain });
    expect(args('INPUT [8x8x3] => CONV5-8')).toEqual({ f: 5, k: 8, s: 1, p: 2, ...plain });
    expect(args('INPUT [8x8x3] => CONV4-8')).toEqual({ f: 4, k: 8, s: 1, p: 1, ...plain });
    expect(args('INPUT [8x8x3] => CONV')).toEqual({ f: 3, k: 3, s: 1, p: 1, ...plain });
    expect(args('INPUT [227x227x3] => CONV(f=11, k=96, s=4, p=0)')).toEqual({ f: 11, k: 96, s: 4, p: 0, ...plain });
  });
  it('POOL shorthand and keywords: s = f, p = 0, mode = max by default', () => {
    const plain = { ceil: false, global: false };
    expect(args('INPUT [8x8x3] => POOL2')).toEqual({ f: 2, s: 2, p: 0, mode: 'max', ...plain });
    expect(args('INPUT [8x8x3] => POOL(f=3, s=2, mode=avg)')).toEqual({ f: 3, s: 2, p: 0, mode: 'avg', ...plain });
    expect(args('INPUT [8x8x3] => POOL(f=2, mode=L2)')).toEqual({ f: 2, s: 2, p: 0, mode: 'l2', ...plain });
  });
  it('FC-n and FC(n) and FC(n=...)', () => {
    for (const src of ['INPUT [2x2x3] => FC-10', 'INPUT [2x2x3] => FC(10)', 'INPUT [2x2x3] => FC(n=10)']) expect(args(src)).toEqual({ n: 10 });
  });
  it('LOCAL: unshared weights outW*outH*k*f*f*D, biases outW*outH*k', () => {
    const l = analysisOf('INPUT [6x6x2] => LOCAL(f=3, k=4, p=0)').layers[1]!;
    expect([l.output.width, l.weights, l.biases, l.macs]).toEqual([4, 4 * 4 * 4 * 3 * 3 * 2, 4 * 4 * 4, 4 * 4 * 4 * 3 * 3 * 2]);
  });
  it('the parameterless layers keep the shape', () => {
    const a = analysisOf('INPUT [4x4x6] => RELU => TANH => SIGMOID => DROPOUT => DROPOUT(0.3) => NORM => LRN(size=3, alpha=0.001, beta=0.5, k=2) => SOFTMAX');
    expect(a.layers.every((l) => l.output.depth === 6 && l.params === 0)).toBe(true);
    expect(a.layers[5]!.layer.args).toEqual({ p: 0.3 });
    expect(a.layers[7]!.layer.args).toEqual({ size: 3, alpha: 0.001, beta: 0.5, k: 2 });
  });
});

describe('spans and repetition paths', () => {
  it('every AST node keeps its source span', () => {
    const { ast } = parse('INPUT [8x8x1]\n  => CONV(f=3, k=2)');
    const conv = ast!.network!.elements[1]!;
    // 'INPUT [8x8x1]\n' is 14 characters; '  => ' puts CONV at column 6; 'CONV(f=3, k=2)' is 14 long.
    expect(conv.span.start).toEqual({ offset: 14 + 5, line: 2, column: 6 });
    expect(conv.span.end).toEqual({ offset: 19 + 14, line: 2, column: 6 + 14 });
  });
  it('each layer knows its repetition path', () => {
    const { network } = compile('let blk = [CONV3-2 => RELU]*2 => POOL2\nINPUT [16x16x1] => [blk]*2');
    expect(network!.nodes.map((n) => describePath(n.path))).toEqual([
      '',
      'block 1 of 2, layer 1 of 5 > in blk > block 1 of 2, layer 1 of 2',
      'block 1 of 2, layer 2 of 5 > in blk > block 1 of 2, layer 2 of 2',
      'block 1 of 2, layer 3 of 5 > in blk > block 2 of 2, layer 1 of 2',
      'block 1 of 2, layer 4 of 5 > in blk > block 2 of 2, layer 2 of 2',
      'block 1 of 2, layer 5 of 5 > in blk',
      'block 2 of 2, layer 1 of 5 > in blk > block 1 of 2, layer 1 of 2',
      'block 2 of 2, layer 2 of 5 > in blk > block 1 of 2, layer 2 of 2',
      'block 2 of 2, layer 3 of 5 > in blk > block 2 of 2, layer 1 of 2',
      'block 2 of 2, layer 4 of 5 > in blk > block 2 of 2, layer 2 of 2',
      'block 2 of 2, layer 5 of 5 > in blk',
    ]);
    expect(network!.nodes[6]!.span.start.line).toBe(1);
  });
  it('layers are graph nodes fed by the node before them', () => {
    const { network } = compile('INPUT [8x8x1] => RELU => TANH');
    expect(network!.nodes.map((n) => n.inputs)).toEqual([[], [0], [1]]);
  });
});
