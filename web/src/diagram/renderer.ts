// What the diagram panel calls: an analysis in, markup (an <svg>, or HTML) out, and, where the first
// markup is a stand-in, the final markup later through `refined`.

import type { Analysis } from '../../../src/analysis/analyze.js';

export type DiagramRenderer = (analysis: Analysis, refined: (markup: string) => void) => Promise<string>;
