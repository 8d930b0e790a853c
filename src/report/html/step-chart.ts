// The memory of one training step over time as an inline SVG step chart: one step of the line per
// moment of the budget (budget/moments.ts: forward layer by layer, backward from the last layer,
// the optimizer step), the bytes live then, the phases shaded and named, the peak moment marked
// with its cause in words, and level lines (the total a GPU must hold, a limit) where given.
// Pure: the points come finished (report/html/memory.ts); here only where they are drawn.

import { BYTES, linearScale, type Scale } from './scale.js';
import { escapeHtml } from './escape.js';
import { CHART_WIDTH, px, svgOpen, titled } from './charts.js';

export interface StepPoint {
  readonly phase: 'forward' | 'backward' | 'step';
  readonly bytes: number;
  /** The hover title: the moment and its bytes. */
  readonly title: string;
}

export interface Level {
  readonly bytes: number;
  readonly label: string;
}

export interface StepChart {
  readonly points: readonly StepPoint[];
  /** The peak moment, a short label beside its marker, and the marker's hover title (its cause in words). */
  readonly peak: { readonly index: number; readonly label: string; readonly title: string };
  readonly levels: readonly Level[];
}

const WIDTH = CHART_WIDTH;
const HEIGHT = 340;
const LEFT = 72;
const RIGHT = 12;
const TOP = 34;
const BOTTOM = 30;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;
/** About how wide a character of the bold 11px peak label is, to keep the label on the chart. */
const LABEL_CHAR_WIDTH = 6.4;

interface Frame {
  readonly scale: Scale;
  readonly step: number;
  x(i: number): number;
  y(bytes: number): number;
}

function frameOf(chart: StepChart): Frame {
  // reduce, not Math.max(...): a long network has hundreds of thousands of moments
  const top = [...chart.points, ...chart.levels].reduce((best, p) => Math.max(best, p.bytes), 0);
  const scale = linearScale(top * 1.05, BYTES);
  const step = PLOT_W / chart.points.length;
  return { scale, step, x: (i) => LEFT + i * step, y: (b) => TOP + PLOT_H * (1 - scale.at(b)) };
}

function yAxis(f: Frame): string[] {
  return f.scale.ticks.flatMap((t) => [
    `<line class="grid" x1="${LEFT}" y1="${px(f.y(t))}" x2="${WIDTH - RIGHT}" y2="${px(f.y(t))}"/>`,
    `<text class="tick" x="${LEFT - 6}" y="${px(f.y(t) + 3.5)}" text-anchor="end">${escapeHtml(BYTES.tick(t))}</text>`,
  ]);
}

/** Runs of moments in one phase: a shaded band for backward, each named above the plot. */
function phases(chart: StepChart, f: Frame): string[] {
  const parts: string[] = [];
  let start = 0;
  chart.points.forEach((p, i) => {
    if (i + 1 < chart.points.length && chart.points[i + 1]!.phase === p.phase) return;
    const x0 = f.x(start);
    const x1 = f.x(i + 1);
    if (p.phase !== 'forward') parts.push(`<rect class="phase-${p.phase}" x="${px(x0)}" y="${TOP}" width="${px(x1 - x0)}" height="${PLOT_H}"/>`);
    const name = p.phase === 'step' ? 'optimizer step' : p.phase;
    // the step is one moment wide: its name ends at the plot's edge instead of centring on it
    const at = p.phase === 'step' ? `x="${px(x1)}" text-anchor="end"` : `x="${px((x0 + x1) / 2)}" text-anchor="middle"`;
    parts.push(`<text class="phase" ${at} y="${TOP - 8}">${name}</text>`);
    start = i + 1;
  });
  return parts;
}

/** The line of live bytes, a horizontal stretch per moment, and the area under it. */
function curve(chart: StepChart, f: Frame): string[] {
  const line = chart.points.map((p, i) => `${i === 0 ? `M${px(f.x(0))},` : 'V'}${px(f.y(p.bytes))}H${px(f.x(i + 1))}`).join('');
  const area = `${line}V${px(f.y(0))}H${px(f.x(0))}Z`;
  return [`<path class="area" d="${area}"/>`, `<path class="line" d="${line}"/>`];
}

function levels(chart: StepChart, f: Frame): string[] {
  return chart.levels.flatMap((l) => [
    `<line class="level" x1="${LEFT}" y1="${px(f.y(l.bytes))}" x2="${WIDTH - RIGHT}" y2="${px(f.y(l.bytes))}"/>`,
    `<text class="level-label" x="${LEFT + 6}" y="${px(f.y(l.bytes) - 4)}">${escapeHtml(l.label)}</text>`,
  ]);
}

/** The peak: a marker on its moment and its label just above it, on whichever side has room. */
function peak(chart: StepChart, f: Frame): string[] {
  const { index, label, title } = chart.peak;
  const x = f.x(index) + f.step / 2;
  const y = f.y(chart.points[index]!.bytes);
  // right of the marker where the label fits, else left of it, else from the plot's left edge
  const width = label.length * LABEL_CHAR_WIDTH;
  const side = x + 8 + width <= WIDTH - RIGHT ? `x="${px(x + 8)}" text-anchor="start"` : x - 8 - width >= LEFT ? `x="${px(x - 8)}" text-anchor="end"` : `x="${LEFT + 4}" text-anchor="start"`;
  return [
    `<line class="peak" x1="${px(x)}" y1="${px(y)}" x2="${px(x)}" y2="${px(f.y(0))}"/>`,
    titled('circle', `class="peak" cx="${px(x)}" cy="${px(y)}" r="4"`, title),
    `<text class="peak-label" ${side} y="${px(Math.max(TOP + 12, y - 6))}">${escapeHtml(label)}</text>`,
  ];
}

/** A transparent column per moment, for its hover title (under the peak's marker, which has its own). */
function hovers(chart: StepChart, f: Frame): string[] {
  return chart.points.map((p, i) => titled('rect', `class="hover" x="${px(f.x(i))}" y="${TOP}" width="${px(f.step)}" height="${PLOT_H}"`, p.title));
}

export function stepChartSvg(chart: StepChart, caption: string): string {
  const f = frameOf(chart);
  const xLabel = `<text class="tick" x="${LEFT + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle">moments of the step, in order (${chart.points.length})</text>`;
  const baseline = `<line class="axis" x1="${LEFT}" y1="${px(f.y(0))}" x2="${WIDTH - RIGHT}" y2="${px(f.y(0))}"/>`;
  const parts = [...phases(chart, f), ...yAxis(f), ...curve(chart, f), baseline, ...levels(chart, f), ...hovers(chart, f), ...peak(chart, f), xLabel];
  return [svgOpen(WIDTH, HEIGHT, caption), ...parts, '</svg>'].join('\n');
}
