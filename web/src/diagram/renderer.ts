// What the diagram panel calls: an analysis in, markup (an <svg>, or HTML) out. The shape of
// renderGraphSvg(analysis, options) in src/report/graph/index.ts, so that either can be plugged in.

import type { Analysis } from '../../../src/analysis/analyze.js';

export type DiagramRenderer = (analysis: Analysis, options: Record<string, never>) => Promise<string>;
