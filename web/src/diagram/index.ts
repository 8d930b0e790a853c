// The diagram panel's renderer: the network as `cnncalc graph` draws it (src/report/graph), imported
// on first use, so that Graphviz (WebAssembly) loads only when the panel is first opened. A network
// too large to lay out is listed instead, layer by layer.
//
// Typing must not wait for Graphviz, whose layout of ResNet-50 takes longer than a frame. When an
// edit leaves the graph's structure as it was (the same boxes, edges and clusters: a number
// changed), the new labels are drawn at once in the last layout's places (a box may be a little
// too small for a longer figure), and the layout made for the new text follows through `refined`.

import type { GraphModel, Layout } from '../../../src/report/graph/index.js';
import { escapeHtml } from '../html.js';
import { layerList } from './layer-list.js';
import type { DiagramRenderer } from './renderer.js';

export type { DiagramRenderer } from './renderer.js';

/** The structure a layout depends on, apart from the boxes' sizes. */
function structureOf(model: GraphModel): string {
  const nodes = model.nodes.map((n) => `${n.id}@${n.cluster ?? ''}`).join(' ');
  const edges = model.edges.map((e) => `${e.from}>${e.to}`).join(' ');
  const clusters = model.clusters.map((c) => `${c.id}<${c.parent ?? ''}`).join(' ');
  return `${nodes}|${edges}|${clusters}`;
}

type Graph = typeof import('../../../src/report/graph/index.js');

let last: { readonly structure: string; readonly layout: Layout } | null = null;

async function laidOut(graph: Graph, model: GraphModel, structure: string): Promise<string> {
  const layout = await graph.layoutGraph(model, 'TB');
  last = { structure, layout };
  return graph.svgOf(model, layout);
}

export const renderDiagram: DiagramRenderer = async (analysis, refined) => {
  const graph = await import('../../../src/report/graph/index.js');
  const model = graph.graphModel(analysis);
  const structure = structureOf(model);
  if (last?.structure === structure) {
    const stale = last.layout;
    // after this drawing is on screen: the layout blocks the page while it runs
    setTimeout(() => void laidOut(graph, model, structure).then(refined, () => undefined), 0);
    return graph.svgOf(model, stale);
  }
  try {
    return await laidOut(graph, model, structure);
  } catch (e) {
    if (!(e instanceof graph.GraphTooLarge)) throw e;
    return `<p class="notice">${escapeHtml(e.message)}</p>${await layerList(analysis, refined)}`;
  }
};
