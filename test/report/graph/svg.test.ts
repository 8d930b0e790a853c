// The SVG: well-formed XML (xml.ts), self-contained, with every layer's label and output shape, a
// legend of the roles drawn, and a layout whose boxes sit inside their clusters without overlapping.
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/analysis/analyze.js';
import { resolvedLabel } from '../../../src/analysis/layer-label.js';
import { graphModel, GraphTooLarge, MAX_LAYOUT_NODES, renderGraphSvg } from '../../../src/report/graph/index.js';
import type { Box } from '../../../src/report/graph/geometry.js';
import { layoutGraph } from '../../../src/report/graph/layout.js';
import { ROLE_STYLES } from '../../../src/report/graph/roles.js';
import { analysisOf, example } from '../../helpers.js';
import { descendants, parseXml, type XmlElement } from './xml.js';

/** Each box's lines of text, from the SVG's <g><title/><rect/><text/>...</g> groups. */
function boxTexts(svg: XmlElement): string[][] {
  return descendants(svg)
    .filter((e) => e.name === 'g' && e.children.some((c) => c.name === 'title'))
    .map((g) => g.children.filter((c) => c.name === 'text').map((t) => t.text));
}

const shape = (s: { width: number; height: number; depth: number }): string => `${s.width}x${s.height}x${s.depth}`;

function expectEveryLayer(analysis: Analysis, svg: XmlElement): void {
  const boxes = boxTexts(svg).map((lines) => lines.slice(0, 2).join(' | '));
  for (const l of analysis.layers) expect(boxes).toContain(`${resolvedLabel(l.node)} | ${shape(l.output)}`);
}

describe('renderGraphSvg', () => {
  it('a branch: well-formed, each box with its label, output shape and params, and a legend', async () => {
    const svg = parseXml(await renderGraphSvg(analysisOf('INPUT [8x8x3] => { CONV(f=1, k=4) | CONV(f=3, k=2, p=1) => RELU } => FC-10')));
    expect(svg.name).toBe('svg');
    expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    // by hand: CONV 1x1 3*4 + 4 = 16, CONV 3x3 27*2 + 2 = 56, FC 384*10 + 10 = 3,850; 4 + 2 channels
    expect(boxTexts(svg)).toEqual([
      ['INPUT [8x8x3]', '8x8x3'],
      ['CONV(f=1, k=4)', '8x8x4', '16 params'],
      ['CONV(f=3, k=2, p=1)', '8x8x2', '56 params'],
      ['RELU', '8x8x2'],
      ['concat of 2 branches', '8x8x6'],
      ['FC-10', '1x1x10', '3,850 params'],
    ]);
    const texts = descendants(svg).filter((e) => e.name === 'text').map((t) => t.text);
    for (const role of ['conv', 'activation', 'merge', 'fc', 'other'] as const) expect(texts).toContain(ROLE_STYLES[role].name);
    expect(texts).not.toContain(ROLE_STYLES.pool.name);
    expect(texts).toContain('branch 2 of 2');
  });

  it.each(['googlenet.cnn', 'resnet50.cnn', 'googlenet_aux.cnn', 'unet.cnn'])('%s: every layer\'s label and output shape, nothing outside the file', async (name) => {
    const analysis = analysisOf(example(name));
    const text = await renderGraphSvg(analysis);
    const svg = parseXml(text);
    expectEveryLayer(analysis, svg);
    expect(boxTexts(svg).length).toBe(analysis.layers.length);
    // self-contained: no links, images, foreign content or style sheets; the one URL is the namespace
    expect(text.match(/https?:/g)).toEqual(['http:']);
    expect(text).not.toMatch(/href|<image|<foreignObject|<style|@import|@font-face/);
    for (const e of descendants(svg)) {
      for (const [key, value] of Object.entries(e.attributes)) if (value.includes('url(')) expect(`${key}=${value}`).toBe('marker-end=url(#arrow)');
    }
  });

  it('--depth folds blocks into boxes with their subtotals', async () => {
    const analysis = analysisOf(example('resnet50.cnn'));
    const svg = parseXml(await renderGraphSvg(analysis, { maxDepth: 0 }));
    const boxes = boxTexts(svg);
    expect(boxes.length).toBe(graphModel(analysis, { maxDepth: 0 }).nodes.length);
    expect(boxes.length).toBeLessThan(30);
    expect(boxes.at(-1)).toEqual(['FC-1000', '1x1x1000', '2,049,000 params']); // 2048 * 1000 + 1000
  });

  it('refuses a graph too large to lay out (the text formats have no limit)', async () => {
    const analysis = analysisOf(`INPUT [2x2x1] => RELU*${MAX_LAYOUT_NODES}`);
    await expect(renderGraphSvg(analysis)).rejects.toThrow(GraphTooLarge);
  });
});

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const near = (p: { x: number; y: number }, box: Box, slack = 2): boolean =>
  p.x >= box.x - slack && p.x <= box.x + box.width + slack && p.y >= box.y - slack && p.y <= box.y + box.height + slack;

describe('layoutGraph', () => {
  it.each(['TB', 'LR'] as const)('GoogLeNet %s: boxes inside their clusters and the drawing, none overlapping, edges from box to box', async (direction) => {
    const model = graphModel(analysisOf(example('googlenet.cnn')));
    const layout = await layoutGraph(model, direction);
    const drawing: Box = { id: '', x: 0, y: 0, width: layout.width, height: layout.height };
    for (const node of model.nodes) {
      const box = layout.nodes.get(node.id)!;
      expect(inside(box, node.cluster ? layout.clusters.get(node.cluster)! : drawing)).toBe(true);
    }
    for (const c of model.clusters) expect(inside(layout.clusters.get(c.id)!, c.parent ? layout.clusters.get(c.parent)! : drawing)).toBe(true);
    const boxes = model.nodes.map((n) => layout.nodes.get(n.id)!);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
    model.edges.forEach((e, i) => {
      const route = layout.edges[i]!;
      expect(near(route[0]!, layout.nodes.get(e.from)!)).toBe(true);
      expect(near(route.at(-1)!, layout.nodes.get(e.to)!)).toBe(true);
    });
    // the main line runs the chosen way: the output lies below (TB) or right of (LR) the input
    const first = layout.nodes.get(model.nodes[0]!.id)!;
    const last = layout.nodes.get(model.nodes.at(-1)!.id)!;
    expect(direction === 'TB' ? last.y > first.y : last.x > first.x).toBe(true);
  });
});
