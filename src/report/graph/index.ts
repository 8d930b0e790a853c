// The graph of a network, for the CLI, the HTML report and the playground: the model (model.ts),
// DOT and mermaid text (no layout), and the SVG (laid out by Graphviz, loaded on first use).

import type { Analysis } from '../../analysis/analyze.js';
import type { Direction } from './geometry.js';
import { layoutGraph } from './layout.js';
import { graphModel, type GraphOptions } from './model.js';
import { svgOf } from './svg.js';

export { graphModel, type GraphCluster, type GraphEdge, type GraphModel, type GraphNode, type GraphOptions } from './model.js';
export { renderDot } from './dot.js';
export { renderMermaid } from './mermaid.js';
export type { Direction, Layout } from './geometry.js';
export { layoutGraph } from './layout.js';
export { nodeTitle, svgOf } from './svg.js';
export { nodeLines } from './geometry.js';
export { GraphTooLarge, MAX_LAYOUT_NODES } from './layout.js';
export type { Role } from './roles.js';

export interface GraphSvgOptions extends GraphOptions {
  /** Top to bottom (default) or left to right. */
  readonly direction?: Direction;
}

/** The network drawn as a self-contained SVG document. */
export async function renderGraphSvg(analysis: Analysis, options: GraphSvgOptions = {}): Promise<string> {
  const model = graphModel(analysis, options);
  return svgOf(model, await layoutGraph(model, options.direction ?? 'TB'));
}
