// DOT: accepted by Graphviz itself (@hpcc-js/wasm-graphviz is Graphviz compiled to WebAssembly),
// which must find exactly the model's nodes, edges and clusters in it, each with its text.
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphModel, renderDot, type GraphModel } from '../../../src/report/graph/index.js';
import { analysisOf, example } from '../../helpers.js';
import { descendants, parseXml } from './xml.js';

let graphviz: Awaited<ReturnType<typeof Graphviz.load>>;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});

interface Parsed {
  readonly objects?: readonly { readonly name: string; readonly label?: string; readonly nodes?: readonly number[] }[];
  readonly edges?: readonly { readonly tail: number; readonly head: number }[];
}

/** What Graphviz read from the DOT: its nodes (with labels), clusters and edges by name. */
function read(dot: string): { nodes: Map<string, string>; clusters: Map<string, string>; edges: string[] } {
  const parsed = JSON.parse(graphviz.layout(dot, 'json', 'dot')) as Parsed;
  const objects = parsed.objects ?? [];
  const nodes = new Map(objects.filter((o) => !o.name.startsWith('cluster_')).map((o) => [o.name, o.label ?? '']));
  const clusters = new Map(objects.filter((o) => o.name.startsWith('cluster_')).map((o) => [o.name.slice('cluster_'.length), o.label ?? '']));
  const edges = (parsed.edges ?? []).map((e) => `${objects[e.tail]!.name}->${objects[e.head]!.name}`);
  return { nodes, clusters, edges };
}

function expectSameGraph(model: GraphModel, dot: string): void {
  const got = read(dot);
  expect([...got.nodes.keys()].sort()).toEqual(model.nodes.map((n) => n.id).sort());
  expect(got.edges.sort()).toEqual(model.edges.map((e) => `${e.from}->${e.to}`).sort());
  expect([...got.clusters.entries()].sort()).toEqual(model.clusters.map((c) => [c.id, c.label]).sort());
}

describe('renderDot', () => {
  it('a branch by hand: Graphviz reads six nodes, six edges, two clusters and the labels', () => {
    const model = graphModel(analysisOf('INPUT [8x8x3] => { CONV(f=1, k=4) | CONV(f=3, k=2, p=1) => RELU } => FC-10'));
    const dot = renderDot(model);
    const got = read(dot);
    expect(got.nodes.size).toBe(6);
    expect(got.edges.length).toBe(6);
    expect(got.clusters.size).toBe(2);
    // Graphviz keeps the label as escaped text: \n between the lines
    expect(got.nodes.get('n5')).toBe('FC-10\\n1x1x10\\n3,850 params');
    expect(got.nodes.get('n4')).toBe('concat of 2 branches\\n8x8x6');
    expectSameGraph(model, dot);
  });

  it('quotes and backslashes in a label are escaped: Graphviz draws them as written', () => {
    const model = graphModel(analysisOf('INPUT [4x4x1] => FC-2'));
    const odd = { ...model, nodes: model.nodes.map((n, i) => (i === 1 ? { ...n, label: 'say "hi" \\ bye' } : n)) };
    // Graphviz's SVG has a DOCTYPE and comments, which xml.ts does not read
    const drawn = graphviz.layout(renderDot(odd), 'svg', 'dot').replace(/<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, '');
    const svg = parseXml(drawn);
    const texts = descendants(svg).filter((e) => e.name === 'text').map((e) => e.text);
    // FC-2 over 4*4*1 inputs: 16*2 + 2 = 34 params
    expect(texts).toEqual(expect.arrayContaining(['say "hi" \\ bye', '1x1x2', '34 params']));
  });

  it.each([
    ['googlenet.cnn', {}],
    ['googlenet_aux.cnn', {}],
    ['resnet50.cnn', { maxDepth: 1 }],
    ['unet.cnn', {}],
  ])('%s %o: Graphviz reads exactly the model', (name, options) => {
    const model = graphModel(analysisOf(example(name)), options);
    expectSameGraph(model, renderDot(model, 'LR'));
  });
});
