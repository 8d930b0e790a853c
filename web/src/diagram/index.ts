// The diagram panel's renderer: the one place the page chooses it. Until `cnncalc graph`'s
// renderGraphSvg (src/report/graph/index.ts) is merged, the panel lists the layers; at the merge
// this line becomes
//   export const renderDiagram: DiagramRenderer = async (analysis, options) =>
//     (await import('../../../src/report/graph/index.js')).renderGraphSvg(analysis, options);
// (imported on first use, so that the layout library loads only when the panel is opened).

import type { DiagramRenderer } from './renderer.js';
import { layerList } from './layer-list.js';

export type { DiagramRenderer } from './renderer.js';
export const renderDiagram: DiagramRenderer = layerList;
