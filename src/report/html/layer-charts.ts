// The report's per-layer charts: parameters, MACs and activation memory of every layer, INPUT
// included (its memory is the input's), drawn by charts.ts. The figures are the analysis' own.

import type { Analysis } from '../../analysis/analyze.js';
import { resolvedLabel } from '../../analysis/layer-label.js';
import { barChartSvg } from './charts.js';
import { BYTES, COUNT } from './scale.js';

export function layerChartsSection(analysis: Analysis): string {
  const layers = analysis.layers;
  const labels = layers.map((l) => `${l.node.id} ${resolvedLabel(l.node)}`);
  const svg = barChartSvg(
    labels,
    [
      { heading: 'params', measure: COUNT('params'), values: layers.map((l) => l.params) },
      { heading: 'MACs per image', measure: COUNT('MACs'), values: layers.map((l) => l.macs) },
      { heading: `output memory (${analysis.dtype})`, measure: BYTES, values: layers.map((l) => l.bytes) },
    ],
    'parameters, MACs and output memory of every layer',
  );
  return [
    `<figure class="chart">${svg}`,
    '<figcaption>One row per layer, numbered as in the table. A layer without a bar has none of that figure; hover over a bar for its exact value. A panel whose values span more than a factor of 100 is drawn on a log scale, so that small layers still show beside the largest.</figcaption>',
    '</figure>',
  ].join('\n');
}
