// Small pieces the rules share: how to name a layer in a message, who consumes a node, words for
// counts. No figures are computed here; they come from the analysis and the layer definitions.

import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import type { LintTraits, Shape } from '../layers/types.js';
import { grouped } from '../util/grouped.js';

/** `CONV(f=1, k=c, s=2) in down(128)`: the layer as written, with the parameterised block it sits in. */
export function layerName(l: LayerAnalysis): string {
  const blocks = l.node.path.filter((f) => f.kind === 'binding' && f.args !== null);
  const last = blocks[blocks.length - 1];
  return last && last.kind === 'binding' ? `${l.node.text} in ${last.name}(${last.args!.join(', ')})` : l.node.text;
}

export function shapeText(s: Shape): string {
  return `${s.width}x${s.height}x${s.depth}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

/** A share as a percentage with one decimal (two when one would read as exactly 50.0). */
export function percent(part: number, whole: number): string {
  const p = (100 * part) / whole;
  const one = p.toFixed(1);
  return `${one === '50.0' ? p.toFixed(2) : one}%`;
}

/** For every node, the ids of the nodes that take its output. */
export function consumers(analysis: Analysis): number[][] {
  const out: number[][] = analysis.layers.map(() => []);
  for (const l of analysis.layers) for (const i of l.node.inputs) out[i]!.push(l.node.id);
  return out;
}

/** What the layer's kind is, for the rules (layers/types.ts LintTraits): rules classify by traits, never by kind names. */
export function traits(l: LayerAnalysis): LintTraits {
  return definitionOf(l.layer).traits(l.layer.args);
}

/** Its kind's category (layers/types.ts LayerCategory), for wording a message. */
export function categoryOf(l: LayerAnalysis): string {
  return definitionOf(l.layer).category;
}
