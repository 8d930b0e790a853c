// The diagram panel's renderer: the network as `cnncalc graph` draws it (src/report/graph), imported
// on first use, so that Graphviz (WebAssembly) loads only when the panel is first opened. A network
// too large to lay out is listed instead, layer by layer.
//
// Typing must not wait for Graphviz, whose layout of ResNet-50 takes longer than a frame. When an
// edit leaves the graph's structure as it was (the same boxes, edges and clusters, each box with as
// many lines: a number changed), only the boxes whose text changed get their new text, in place (a
// box may be a little small for a longer figure), and the layout made for the new text follows
// through `refined`.

import type { GraphModel, Layout } from '../../../src/report/graph/index.js';
import { escapeHtml } from '../html.js';
import { layerList } from './layer-list.js';
import type { BoxText, DiagramRenderer, Drawing } from './renderer.js';

export type { DiagramRenderer, Drawing } from './renderer.js';

type Graph = typeof import('../../../src/report/graph/index.js');

/** The structure a layout depends on, apart from the boxes' widths. */
function structureOf(graph: Graph, model: GraphModel): string {
  const nodes = model.nodes.map((n) => `${n.id}@${n.cluster ?? ''}:${graph.nodeLines(n).length}`).join(' ');
  const edges = model.edges.map((e) => `${e.from}>${e.to}`).join(' ');
  const clusters = model.clusters.map((c) => `${c.id}<${c.parent ?? ''}`).join(' ');
  return `${nodes}|${edges}|${clusters}`;
}

/** What the panel shows: its structure, and each box's text. */
let shown: { readonly structure: string; readonly boxes: ReadonlyMap<string, BoxText> } | null = null;

function boxesOf(graph: Graph, model: GraphModel): Map<string, BoxText> {
  return new Map(model.nodes.map((n) => [n.id, { lines: graph.nodeLines(n), title: graph.nodeTitle(n) }]));
}

async function laidOut(graph: Graph, model: GraphModel, structure: string): Promise<string> {
  const layout: Layout = await graph.layoutGraph(model, 'TB');
  shown = { structure, boxes: boxesOf(graph, model) };
  return graph.svgOf(model, layout);
}

export const renderDiagram: DiagramRenderer = async (analysis, refined): Promise<Drawing> => {
  const graph = await import('../../../src/report/graph/index.js');
  const model = graph.graphModel(analysis);
  const structure = structureOf(graph, model);
  if (shown?.structure === structure) {
    const before = shown.boxes;
    const boxes = boxesOf(graph, model);
    const changed = new Map([...boxes].filter(([id, box]) => before.get(id)?.title !== box.title));
    shown = { structure, boxes };
    // after this drawing is on screen: the layout blocks the page while it runs
    setTimeout(() => void laidOut(graph, model, structure).then(refined, () => undefined), 0);
    return { boxes: changed };
  }
  try {
    return { markup: await laidOut(graph, model, structure) };
  } catch (e) {
    if (!(e instanceof graph.GraphTooLarge)) throw e;
    shown = null;
    return { markup: `<p class="notice">${escapeHtml(e.message)}</p>${layerList(analysis)}` };
  }
};
