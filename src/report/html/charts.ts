// The report's per-layer bar charts as inline SVG: one row per layer, its label on the left, and
// beside it one panel per figure (params, MACs, activation memory), each with its own axis (scale.ts
// chooses log or linear) and a hover title on every bar with the exact figure. Small multiples side
// by side keep one layer's figures on one line, readable for ResNet-50's 170 rows as for VGG16's 39.
// Pure functions returning markup (no DOM), for the CLI's page and a browser alike.

import { escapeHtml } from './escape.js';
import { scaleFor, type Measure, type Scale } from './scale.js';

export interface BarSeries {
  readonly heading: string;
  readonly measure: Measure;
  /** One value per label, in the labels' order. */
  readonly values: readonly number[];
}

/** Every chart's width: the page's column (report/html/style.ts) less its padding. */
export const CHART_WIDTH = 960;
const LABEL_WIDTH = 230;
const GAP = 28;
const ROW = 14;
const BAR = 9;
const TOP = 40;
const BOTTOM = 8;
/** Characters of a label that fit LABEL_WIDTH at the chart's font size; longer ones are cut with '...'. */
const LABEL_CHARS = 36;

/** A number for an SVG attribute: a pixel to a tenth is all a screen or a printer shows. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** An element with a hover title (SVG's tooltip) and no other content. */
export function titled(tag: string, attributes: string, title: string): string {
  return `<${tag} ${attributes}><title>${escapeHtml(title)}</title></${tag}>`;
}

export function svgOpen(width: number, height: number, label: string): string {
  return `<svg width="${width}" height="${px(height)}" viewBox="0 0 ${width} ${px(height)}" role="img" aria-label="${escapeHtml(label)}">`;
}

function cut(label: string): string {
  return label.length <= LABEL_CHARS ? label : `${label.slice(0, LABEL_CHARS - 3)}...`;
}

/** A panel's axis: its heading, a grid line and a label at every tick, and the scale's name. */
function axis(s: BarSeries, scale: Scale, x0: number, width: number, height: number): string[] {
  const parts = [`<text class="heading" x="${px(x0)}" y="12">${escapeHtml(s.heading)}${scale.kind === 'log' ? ' (log scale)' : ''}</text>`];
  scale.ticks.forEach((t, i) => {
    const x = x0 + scale.at(t) * width;
    // the end ticks' labels stay inside the panel, clear of the next panel's
    const anchor = i === 0 ? 'start' : i === scale.ticks.length - 1 ? 'end' : 'middle';
    parts.push(`<line class="grid" x1="${px(x)}" y1="${TOP - 6}" x2="${px(x)}" y2="${px(height - BOTTOM)}"/>`);
    parts.push(`<text class="tick" x="${px(x)}" y="${TOP - 10}" text-anchor="${anchor}">${escapeHtml(s.measure.tick(t))}</text>`);
  });
  return parts;
}

function bars(s: BarSeries, scale: Scale, labels: readonly string[], x0: number, width: number): string[] {
  const parts: string[] = [];
  s.values.forEach((v, i) => {
    if (v <= 0) return;
    const y = TOP + i * ROW + (ROW - BAR) / 2;
    const w = Math.max(1, scale.at(v) * width); // the smallest value of a log axis still shows
    parts.push(titled('rect', `class="bar" x="${px(x0)}" y="${px(y)}" width="${px(w)}" height="${BAR}"`, `${labels[i]}: ${s.measure.exact(v)}`));
  });
  return parts;
}

/** Row labels on the left, a light band under every other row so that the eye can follow it across the panels. */
function rows(labels: readonly string[]): string[] {
  return labels.flatMap((label, i) => {
    const y = TOP + i * ROW;
    const band = i % 2 === 1 ? [`<rect class="band" x="0" y="${y}" width="${CHART_WIDTH}" height="${ROW}"/>`] : [];
    const text = `<text class="label" x="0" y="${px(y + ROW - 3.5)}">${escapeHtml(cut(label))}${label.length > LABEL_CHARS ? `<title>${escapeHtml(label)}</title>` : ''}</text>`;
    return [...band, text];
  });
}

/** The chart: `labels` one per row, each series a panel. */
export function barChartSvg(labels: readonly string[], series: readonly BarSeries[], caption: string): string {
  const height = TOP + labels.length * ROW + BOTTOM;
  const panel = (CHART_WIDTH - LABEL_WIDTH - GAP * (series.length - 1)) / series.length;
  const parts = [svgOpen(CHART_WIDTH, height, caption), ...rows(labels)];
  series.forEach((s, k) => {
    const x0 = LABEL_WIDTH + k * (panel + GAP);
    const scale = scaleFor(s.values, s.measure);
    parts.push(...axis(s, scale, x0, panel, height), ...bars(s, scale, labels, x0, panel));
  });
  parts.push('</svg>');
  return parts.join('\n');
}
