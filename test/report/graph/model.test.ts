// The graph model against small networks whose nodes, edges and clusters are counted by hand.
import { describe, expect, it } from 'vitest';
import { graphModel, type GraphModel } from '../../../src/report/graph/index.js';
import { analysisOf } from '../../helpers.js';

const edges = (m: GraphModel): string[] => m.edges.map((e) => `${e.from}->${e.to}`);
const labels = (m: GraphModel): string[] => m.nodes.map((n) => n.label);

describe('graphModel', () => {
  it('a branch and a concatenation: each branch reads the input, the concat reads both branches', () => {
    const m = graphModel(analysisOf('INPUT [8x8x3] => { CONV(f=1, k=4) | CONV(f=3, k=2, p=1) => RELU } => FC-10'));
    expect(labels(m)).toEqual(['INPUT [8x8x3]', 'CONV(f=1, k=4)', 'CONV(f=3, k=2, p=1)', 'RELU', 'concat of 2 branches', 'FC-10']);
    expect(edges(m)).toEqual(['n0->n1', 'n0->n2', 'n2->n3', 'n1->n4', 'n3->n4', 'n4->n5']);
    expect(m.clusters.map((c) => c.label)).toEqual(['branch 1 of 2', 'branch 2 of 2']);
    expect(m.nodes.map((n) => n.cluster)).toEqual([null, 'c0', 'c1', 'c1', null, null]);
    // 4 + 2 channels concatenated; FC: 8*8*6 inputs * 10 + 10 biases; CONV 1x1: 3*4 + 4; 3x3: 27*2 + 2
    expect(m.nodes[4]!.output).toEqual({ width: 8, height: 8, depth: 6 });
    expect(m.nodes.map((n) => n.params)).toEqual([0, 16, 56, 0, 0, 3850]);
    expect(m.nodes.map((n) => n.role)).toEqual(['other', 'conv', 'conv', 'activation', 'merge', 'fc']);
  });

  it('an add with an identity branch: the input feeds the add directly, and ID makes no cluster', () => {
    const m = graphModel(analysisOf('INPUT [8x8x4] => { ID + CONV(f=3, k=4, p=1) }'));
    expect(labels(m)).toEqual(['INPUT [8x8x4]', 'CONV(f=3, k=4, p=1)', 'add of 2 branches']);
    expect(edges(m)).toEqual(['n0->n1', 'n0->n2', 'n1->n2']);
    expect(m.clusters.map((c) => c.label)).toEqual(['branch 2 of 2']);
  });

  it('a tensor read twice gives two edges', () => {
    const m = graphModel(analysisOf('INPUT [8x8x3] => { ID | ID }'));
    expect(edges(m)).toEqual(['n0->n1', 'n0->n1']);
    expect(m.nodes[1]!.output.depth).toBe(6);
  });

  it('a split, a product and a v3 reference: slices before each branch, @a an edge from the labelled layer', () => {
    const m = graphModel(analysisOf('INPUT [8x8x4] => a: CONV(f=3, k=4, p=1) => { CONV(f=1, k=2) / CONV(f=1, k=2) } => { @a & ID }'));
    expect(labels(m)).toEqual(['INPUT [8x8x4]', 'CONV(f=3, k=4, p=1)', 'slice 1 of 2', 'CONV(f=1, k=2)', 'slice 2 of 2', 'CONV(f=1, k=2)', 'concat of 2 branches', 'mul of 2 branches']);
    // the product reads @a (layer 1) and the split's concatenation (layer 6)
    expect(edges(m)).toEqual(['n0->n1', 'n1->n2', 'n2->n3', 'n1->n4', 'n4->n5', 'n3->n6', 'n5->n6', 'n1->n7', 'n6->n7']);
    expect(m.nodes.map((n) => n.role)).toEqual(['other', 'conv', 'merge', 'conv', 'merge', 'conv', 'merge', 'merge']);
  });

  it('a side output: its own cluster, an edge from the labelled layer, and both outputs marked', () => {
    const m = graphModel(analysisOf('INPUT [8x8x3] => a: CONV(f=3, k=4, p=1) => FC-10\n@a => FC-2'));
    expect(labels(m)).toEqual(['INPUT [8x8x3]', 'CONV(f=3, k=4, p=1)', 'FC-10', 'FC-2']);
    expect(edges(m)).toEqual(['n0->n1', 'n1->n2', 'n1->n3']);
    expect(m.clusters).toEqual([{ id: 'c0', label: 'side output 1 of 1', parent: null }]);
    expect(m.nodes.map((n) => n.ends)).toEqual([null, null, 'output', 'side output']);
  });

  it('labels carry the values of block parameters, as the table prints them', () => {
    const m = graphModel(analysisOf('let block(c) = CONV(f=3, k=c, p=1) => RELU\nINPUT [8x8x3] => block(4) => block(8) => FC-10'));
    expect(labels(m)).toEqual(['INPUT [8x8x3]', 'CONV(f=3, k=4, p=1)', 'RELU', 'CONV(f=3, k=8, p=1)', 'RELU', 'FC-10']);
    expect(m.clusters.map((c) => c.label)).toEqual(['block(4)', 'block(8)']);
    expect(edges(m)).toEqual(['n0->n1', 'n1->n2', 'n2->n3', 'n3->n4', 'n4->n5']);
  });

  it('--depth 0 folds each top-level block into one node with its subtotal', () => {
    const m = graphModel(analysisOf('let block(c) = CONV(f=3, k=c, p=1) => RELU\nINPUT [8x8x3] => block(4) => block(8) => FC-10'), { maxDepth: 0 });
    expect(labels(m)).toEqual(['INPUT [8x8x3]', 'block(4)', 'block(8)', 'FC-10']);
    expect(m.clusters).toEqual([]);
    // block(4): 3*3*3*4 + 4 = 112; block(8): 3*3*4*8 + 8 = 296; FC: 8*8*8*10 + 10 = 5130
    expect(m.nodes.map((n) => n.params)).toEqual([0, 112, 296, 5130]);
    expect(m.nodes.map((n) => n.role)).toEqual(['other', 'block', 'block', 'fc']);
    expect(m.nodes[2]!.output).toEqual({ width: 8, height: 8, depth: 8 });
    expect(m.edges.length).toBe(3);
    const [input, first, second, fc] = m.nodes.map((n) => n.id);
    expect(edges(m)).toEqual([`${input}->${first}`, `${first}->${second}`, `${second}->${fc}`]);
  });

  it('--depth 1 keeps the outer blocks as clusters and folds their branches, one edge per neighbour', () => {
    const m = graphModel(analysisOf('let unit(c) = { CONV(f=1, k=c) | CONV(f=3, k=c, p=1) }\nINPUT [8x8x3] => unit(2) => unit(4)'), { maxDepth: 1 });
    expect(labels(m)).toEqual(['INPUT [8x8x3]', 'branch 1 of 2', 'branch 2 of 2', 'concat of 2 branches', 'branch 1 of 2', 'branch 2 of 2', 'concat of 2 branches']);
    expect(m.clusters.map((c) => c.label)).toEqual(['unit(2)', 'unit(4)']);
    const id = m.nodes.map((n) => n.id);
    expect(edges(m)).toEqual([`${id[0]}->${id[1]}`, `${id[0]}->${id[2]}`, `${id[1]}->${id[3]}`, `${id[2]}->${id[3]}`, `${id[3]}->${id[4]}`, `${id[3]}->${id[5]}`, `${id[4]}->${id[6]}`, `${id[5]}->${id[6]}`]);
    // unit(4)'s second branch: 3*3*4*4 + 4
    expect(m.nodes[5]!.params).toBe(148);
  });

  it('a flat network is one chain with no clusters; every id is unique', () => {
    const m = graphModel(analysisOf('INPUT [32x32x3] => [CONV(f=3, k=8, p=1) => RELU]*3 => FC-10'));
    expect(m.nodes.length).toBe(8);
    expect(m.edges.length).toBe(7);
    expect(m.clusters).toEqual([]);
    expect(new Set(m.nodes.map((n) => n.id)).size).toBe(8);
  });
});
