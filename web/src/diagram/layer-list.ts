// The diagram of a network too large to lay out: the layers top to bottom, each with its resolved text, output shape and
// parameters (what a node of the graph carries), and where a layer reads other than the one
// above it (a merge, a branch's first layer) the layers it reads.

import type { Analysis, LayerAnalysis } from '../../../src/analysis/analyze.js';
import { resolvedLabel } from '../../../src/analysis/layer-label.js';
import { grouped, shapeText } from '../../../src/report/format.js';
import { escapeHtml } from '../html.js';

function inputsText(l: LayerAnalysis): string {
  const from = l.node.inputs;
  const sequential = from.length === 0 || (from.length === 1 && from[0] === l.node.id - 1);
  return !sequential ? `<span class="from">from ${from.map((i) => `#${i}`).join(', ')}</span>` : '';
}

function itemHtml(l: LayerAnalysis): string {
  const params = l.params > 0 ? `<span class="params">${grouped(l.params)} params</span>` : '';
  return `<li class="kind-${l.layer.kind}"><span class="id">${l.node.id}</span><span class="text">${escapeHtml(resolvedLabel(l.node))}</span>${inputsText(l)}<span class="shape">${shapeText(l.output)}</span>${params}</li>`;
}

export function layerList(analysis: Analysis): string {
  return `<ol class="layer-list">${analysis.layers.map(itemHtml).join('')}</ol>`;
}
