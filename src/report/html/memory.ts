// The report's memory of one training step: the budget's moments (budget/moments.ts) as a step
// chart of the bytes live at each (budget's liveAt: persistent state, input batch and what the
// moment holds), the peak moment marked and named as every budget report names it (report/budget.ts
// peakText), then the budget's terms table and verdict. Under pytorch-cuda the total is what the GPU
// must hold (the caching allocator's segments, the CUDA context, cuBLAS workspaces), above the
// tensors' bytes: it is drawn as a level of its own.

import { resolvedLabel } from '../../analysis/layer-label.js';
import { liveAt, type Moment } from '../../budget/moments.js';
import type { BudgetSummary } from '../../budget/summary.js';
import { heading, peakText, runtimeText, termCells, TERMS_ALIGN, TERMS_HEADER, TERMS_NOTE, totalCells, verdict } from '../budget.js';
import { binarySize, grouped } from '../format.js';
import { escapeHtml } from './escape.js';
import { stepChartSvg, type Level, type StepChart } from './step-chart.js';

/** A limit this far above the peak would flatten the curve: it is stated in words instead. */
const LIMIT_SHOWN_UP_TO = 1.5;

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function momentText(s: BudgetSummary, m: Moment): string {
  if (m.layer === null) return 'the optimizer step';
  return `${m.phase} at layer ${m.layer} ${resolvedLabel(s.estimate.model.analysis.layers[m.layer]!.node)}`;
}

/** The moment the budget found its peak at (at inference its moments are forward ones). */
function peakIndex(s: BudgetSummary): number {
  const { phase, layer } = s.estimate.peak;
  const wanted = phase === 'inference' ? 'forward' : phase;
  const index = s.estimate.model.moments.findIndex((m) => m.phase === wanted && m.layer === layer);
  if (index < 0) throw new Error(`the budget's peak (${phase} at layer ${layer}) is none of its moments`);
  return index;
}

function chartOf(s: BudgetSummary): StepChart {
  const { model, batch } = s.estimate;
  const points = model.moments.map((m) => {
    const bytes = liveAt(model, m, batch);
    return { phase: m.phase, bytes, title: `${momentText(s, m)}: ${grouped(bytes)} bytes (${binarySize(bytes)})` };
  });
  const index = peakIndex(s);
  const levels: Level[] = [];
  if (s.estimate.bytes.reserved !== null) levels.push({ bytes: s.total, label: `total the GPU must hold: ${binarySize(s.total)} (reserved segments + CUDA context + cuBLAS workspaces + reserve)` });
  const tensors = points[index]!.bytes;
  const top = Math.max(s.total, tensors);
  if (s.limit !== null && s.limit <= top * LIMIT_SHOWN_UP_TO) levels.push({ bytes: s.limit, label: `limit${s.device ? ` (${s.device.name})` : ''}: ${binarySize(s.limit)}` });
  // under pytorch-cuda the total is above the tensors the curve draws: the label gives both; the
  // sentence above the chart and the marker's title name the moment
  const label = tensors === s.total ? `peak: ${binarySize(s.total)}` : `peak: ${binarySize(s.total)} in all, ${binarySize(tensors)} of tensors`;
  return { points, peak: { index, label, title: `${peakText(s)}: ${grouped(s.total)} bytes` }, levels };
}

function termsTable(s: BudgetSummary): string {
  const row = (cells: readonly string[], tag: string): string => `<tr>${cells.map((c, i) => `<${tag}${TERMS_ALIGN[i] === 'right' ? ' class="n"' : ''}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return [
    '<table class="terms">',
    `<thead>${row(TERMS_HEADER, 'th')}</thead>`,
    `<tbody>${s.rows.map((r) => row(termCells(r), 'td')).join('\n')}</tbody>`,
    `<tfoot>${row(totalCells(s), 'td')}</tfoot>`,
    '</table>',
  ].join('\n');
}

function figure(s: BudgetSummary): string {
  if (s.estimate.model.moments.length === 0) return ''; // an INPUT alone has no step to draw
  return [
    `<figure class="chart">${stepChartSvg(chartOf(s), 'bytes live at each moment of the step')}`,
    '<figcaption>Bytes live at each moment: the parameters, gradients, optimizer state, reserve and input batch, which last the whole step, and what the moment holds (saved activations, activation or gradient buffers, im2col columns, temporaries). Forward runs layer by layer, backward from the last layer to the first, then the optimizer updates the weights. Hover over the chart for each moment.</figcaption>',
    '</figure>',
  ].join('\n');
}

export function memorySection(s: BudgetSummary): string {
  const lines = verdict(s).map((l) => `<li>${escapeHtml(l)}</li>`).join('');
  return [
    `<p>${escapeHtml(heading(s))}<br/>${escapeHtml(runtimeText(s))}</p>`,
    `<p class="peak">${escapeHtml(capitalised(peakText(s)))}: <strong>${grouped(s.total)} bytes (${escapeHtml(binarySize(s.total))})</strong>.</p>`,
    figure(s),
    termsTable(s),
    `<p class="note">${escapeHtml(TERMS_NOTE)}</p>`,
    lines === '' ? '' : `<ul class="verdict">${lines}</ul>`,
  ].filter((part) => part !== '').join('\n');
}
