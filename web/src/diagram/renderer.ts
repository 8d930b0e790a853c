// What the diagram panel calls: an analysis in, a drawing out (markup for the panel, or new text for
// the boxes already drawn), and, where the first drawing is a stand-in, the final markup later
// through `refined`.

import type { Analysis } from '../../../src/analysis/analyze.js';

/** A box's new text: its lines (the <text> elements, in order) and its tooltip. */
export interface BoxText {
  readonly lines: readonly string[];
  readonly title: string;
}

export type Drawing = { readonly markup: string } | { readonly boxes: ReadonlyMap<string, BoxText> };

export type DiagramRenderer = (analysis: Analysis, refined: (markup: string) => void) => Promise<Drawing>;
