// `cnncalc report`'s page: one self-contained HTML file (inline CSS, inline SVG, no script, no
// external URL of any kind) with the network's key figures, its diagram, the per-layer charts,
// the memory of one training step, the lint findings and the per-layer table. Every figure comes
// finished from the analysis, the budget summary and the lint run; the sections only lay them out.
//
// The markup is also well-formed XML (every element closed, void ones as <br/>, attributes quoted,
// only XML's entities): a check an XML parser can make (test/report/html), and one that lets the
// page be read by XML tools as it is.

import type { Analysis } from '../../analysis/analyze.js';
import type { BudgetSummary } from '../../budget/summary.js';
import type { LintedFile } from '../../lint/lint.js';
import { pathText } from '../../util/path-text.js';
import { VERSION } from '../../version.js';
import { peakText } from '../budget.js';
import { binarySize, grouped, shortCount } from '../format.js';
import { diagramSection } from './diagram.js';
import { escapeHtml } from './escape.js';
import { layerChartsSection } from './layer-charts.js';
import { lintCountsText, lintSection } from './lint.js';
import { memorySection } from './memory.js';
import { STYLE } from './style.js';
import { tableSection } from './table.js';

export interface ReportOptions {
  /** The network diagram as inline SVG (`cnncalc graph`'s renderGraphSvg); without it the
   *  diagram's section says there is none. */
  readonly diagramSvg?: string;
}

interface Section {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

/** What the budget models: a training step, or with --inference a forward pass. */
function stepName(budget: BudgetSummary): string {
  return budget.estimate.options.inference ? 'inference pass' : 'training step';
}

/** The figures a reader looks for first, each in the words of the section that explains it. */
function keyFigures(analysis: Analysis, budget: BudgetSummary, lint: LintedFile): string {
  const t = analysis.totals;
  const figures: [string, string][] = [
    ['layers', grouped(t.layers)],
    ['params', `${grouped(t.params)} (${shortCount(t.params)})`],
    ['MACs per image', `${grouped(t.macs)} (${shortCount(t.macs)})`],
    [`${stepName(budget)}, batch ${grouped(budget.estimate.batch)}`, `${grouped(budget.total)} bytes (${binarySize(budget.total)}), ${peakText(budget)}`],
    ['lint findings', lintCountsText(lint)],
  ];
  return `<dl class="figures">${figures.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function sectionHtml(s: Section): string {
  return `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`;
}

/** The page: `analysis` and `lint` of one network, `budget` the summary of its step. */
export function buildReport(analysis: Analysis, budget: BudgetSummary, lint: LintedFile, options: ReportOptions = {}): string {
  const name = pathText(budget.file);
  const sections: Section[] = [
    { id: 'diagram', title: 'Diagram', body: diagramSection(options.diagramSvg) },
    { id: 'charts', title: 'Parameters, MACs and memory per layer', body: layerChartsSection(analysis) },
    { id: 'memory', title: `Memory of one ${stepName(budget)}`, body: memorySection(budget) },
    { id: 'lint', title: 'Lint findings', body: lintSection(lint) },
    { id: 'table', title: 'Layers', body: tableSection(analysis) },
  ];
  const contents = sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escapeHtml(`${name}: cnncalc report`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header>\n<h1>${escapeHtml(name)}</h1>\n<p class="lede">cnncalc report: exact shapes, parameters, MACs, memory and lint findings</p>`,
    keyFigures(analysis, budget, lint),
    `<nav><ol>${contents}</ol></nav>\n</header>`,
    ...sections.map(sectionHtml),
    `<footer>Made by cnncalc ${escapeHtml(VERSION)} (<code>cnncalc report</code>). Every figure is an exact integer from the analysis; sizes in binary units (1 MiB = 1,048,576 bytes).</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
