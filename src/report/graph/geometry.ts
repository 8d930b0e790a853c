// What the layout is given and gives back. Boxes are sized from their text alone: the SVG is set in
// a monospace font, whose every character is 0.6 em wide, so no renderer has to measure text (there
// is no DOM in the CLI) and the text fits its box in any browser.

import { grouped, shapeText } from '../format.js';
import type { GraphNode } from './model.js';

export const FONT_SIZE = 12;
export const CHAR_WIDTH = FONT_SIZE * 0.6;
export const LINE_HEIGHT = 15;
const PADDING_X = 10;
const PADDING_Y = 6;
/** Room above a cluster's contents for its name. */
export const CLUSTER_LABEL_HEIGHT = 18;

export type Direction = 'TB' | 'LR';

/** A node's lines of text: what it is, its output shape, its parameters when it has any. */
export function nodeLines(node: GraphNode): string[] {
  const lines = [node.label, shapeText(node.output)];
  if (node.params > 0) lines.push(`${grouped(node.params)} params`);
  return lines;
}

export function nodeSize(node: GraphNode): { readonly width: number; readonly height: number } {
  const lines = nodeLines(node);
  const longest = Math.max(...lines.map((l) => l.length));
  return { width: Math.ceil(longest * CHAR_WIDTH) + 2 * PADDING_X, height: lines.length * LINE_HEIGHT + 2 * PADDING_Y };
}

export interface Box {
  readonly id: string;
  /** The top left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Positions in one coordinate system, the drawing's, with y downwards. */
export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Box>;
  readonly clusters: ReadonlyMap<string, Box>;
  /** Each model edge's route, in the model's order, from the source to the target: a polyline,
   *  or with `curved` the control points of cubic Bezier segments (1 + 3n points). */
  readonly edges: readonly (readonly Point[])[];
  readonly curved: boolean;
}
