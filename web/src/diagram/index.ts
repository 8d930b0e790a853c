// The diagram panel's renderer: the network as `cnncalc graph` draws it (src/report/graph), imported
// on first use, so that Graphviz (WebAssembly) loads only when the panel is first opened. A network
// too large to lay out is listed instead, layer by layer.

import type { DiagramRenderer } from './renderer.js';
import { escapeHtml } from '../html.js';
import { layerList } from './layer-list.js';

export type { DiagramRenderer } from './renderer.js';

export const renderDiagram: DiagramRenderer = async (analysis, options) => {
  const graph = await import('../../../src/report/graph/index.js');
  try {
    return await graph.renderGraphSvg(analysis, options);
  } catch (e) {
    if (!(e instanceof graph.GraphTooLarge)) throw e;
    return `<p class="notice">${escapeHtml(e.message)}</p>${await layerList(analysis, options)}`;
  }
};
