// The budget report: the summary from budget/summary.ts laid out as text, Markdown or JSON, and the
// device list. No arithmetic here: shares, headroom and the largest batch come finished.

import type { Paint } from './plain.js';
import type { Device } from '../budget/devices.js';
import type { Gate } from '../budget/gates.js';
import type { BudgetSummary, TermRow } from '../budget/summary.js';
import { binarySize, grouped } from './format.js';
import { escapeMarkdown } from './markdown-escape.js';
import { SCHEMA_VERSION } from './json.js';
import { jsonLines } from './json-lines.js';
import type { Lines } from './lines.js';
import { renderTextTable } from './text-table.js';
import { pathText } from '../util/path-text.js';

function pct(n: number): string {
  return `${n.toFixed(1)}%`;
}

/** A share of the limit that does not fit, rounded up: a few bytes over must not read "100.0%". */
function pctOver(n: number): string {
  return `${(Math.ceil(n * 10) / 10).toFixed(1)}%`;
}

function topText(row: TermRow): string {
  return row.top.map((t) => `${t.id} ${t.label} ${pct(t.percent)}`).join(', ');
}

/** "vgg16.cnn: training with sgd, batch 8, fp32, V100-16GB (...)". */
export function heading(s: BudgetSummary): string {
  const o = s.estimate.options;
  const what = o.inference ? 'inference' : `training with ${o.optimizer}`;
  const on = s.device ? `, ${s.device.name} (${s.device.description})` : '';
  return `${pathText(s.file)}: ${what}, batch ${grouped(s.estimate.batch)}, ${o.dtype}${on}`;
}

/** The runtime modelled, and whether measurements back it. */
export function runtimeText(s: BudgetSummary): string {
  const r = s.runtime;
  return `runtime: ${r.name} (${r.about}); ${r.measured ? `measured against ${r.measured}` : 'modelled, not yet measured'}`;
}

/** Under pytorch-cuda: the caching allocator's two figures and what the total is made of. */
function gpuText(s: BudgetSummary): string[] {
  const b = s.estimate.bytes;
  if (b.reserved === null || b.allocated === null) return [];
  const size = (n: number): string => `${grouped(n)} bytes (${binarySize(n)})`;
  return [
    `caching allocator (modelled, not measured): allocated ${size(b.allocated)}, reserved ${size(b.reserved)}; the total is reserved + CUDA context + cuBLAS workspaces + reserve, what the GPU must hold`,
  ];
}

/** Where the peak is, in the words every budget report uses: "peak during backward at layer 32 FC-4096". */
export function peakText(s: BudgetSummary): string {
  const p = s.estimate.peak;
  const where = p.phase === 'step' ? 'the optimizer step' : `${p.phase} at layer ${s.peakLayer ?? '-'}`;
  return `peak during ${where}`;
}

function gateText(g: Gate): string {
  const show = (n: number): string => (g.unit === 'bytes' ? `${grouped(n)} bytes (${binarySize(n)})` : grouped(n));
  return `${g.passed ? 'ok  ' : 'FAIL'}  ${g.option} ${show(g.limit)}: ${g.name} ${show(g.value)}`;
}

/** The lines under the terms: fits or not against the limit, the largest batch, the gates. */
export function verdict(s: BudgetSummary): string[] {
  const lines: string[] = [];
  if (s.limit !== null) {
    const limit = `limit ${grouped(s.limit)} bytes (${binarySize(s.limit)})`;
    if (s.fits) lines.push(`fits: ${pct(s.percentOfLimit!)} of the ${limit}; headroom ${grouped(s.headroom!)} bytes (${binarySize(s.headroom!)})`);
    else lines.push(`DOES NOT FIT: ${pctOver(s.percentOfLimit!)} of the ${limit}; over by ${grouped(s.overflow!)} bytes (${binarySize(s.overflow!)})`);
  }
  if (s.maxBatch) {
    const m = s.maxBatch;
    const by = s.maxBatchLimit === null ? '' : ` (limited by ${s.maxBatchLimit})`;
    lines.push(m.batch === 0 ? 'largest batch: none, not even batch 1 fits' : `largest batch: ${grouped(m.batch)}${by}`);
  }
  for (const g of s.gates) if (g.name !== 'memory') lines.push(gateText(g));
  return lines;
}

/** The terms table's columns, one row per term (termCells) and the total (totalCells): the text
 *  report's table, and the HTML report's (report/html). */
export const TERMS_HEADER = ['term', 'bytes', 'size', 'share', 'at peak', 'held most by'] as const;
export const TERMS_ALIGN = ['left', 'right', 'right', 'right', 'right', 'left'] as const;
export const TERMS_NOTE = 'share: term / total; the terms after optimizer state are never all live at once, so they can add to more than 100%. at peak: what each term holds at the peak moment (these add up to the total).';

export function termCells(r: TermRow): string[] {
  return [r.label, grouped(r.bytes), binarySize(r.bytes), pct(r.percent), binarySize(r.atPeak), topText(r)];
}

export function totalCells(s: BudgetSummary): string[] {
  return [`total (${peakText(s)})`, grouped(s.total), binarySize(s.total), '100.0%', binarySize(s.total), ''];
}

export function renderBudgetText(s: BudgetSummary, chalk: Paint): string {
  const table = renderTextTable({ header: [...TERMS_HEADER], align: [...TERMS_ALIGN], rows: s.rows.map(termCells), footer: [totalCells(s)] }, chalk);
  const note = TERMS_NOTE;
  const lines = verdict(s).map((l) => (l.startsWith('DOES NOT') || l.startsWith('FAIL') ? chalk.red(l) : l));
  return [heading(s), runtimeText(s), ...gpuText(s), '', table.trimEnd(), '', note, ...(lines.length ? ['', ...lines] : [])].join('\n') + '\n';
}

export function renderBudgetMarkdown(s: BudgetSummary): string {
  // the heading holds the file name and the device, the labels are text: escaped like topText
  const rows = s.rows.map((r) => `| ${escapeMarkdown(r.label)} | ${grouped(r.bytes)} | ${binarySize(r.bytes)} | ${pct(r.percent)} | ${binarySize(r.atPeak)} | ${escapeMarkdown(topText(r))} |`);
  return [
    `**${escapeMarkdown(heading(s))}**`,
    '',
    escapeMarkdown(runtimeText(s)),
    ...gpuText(s).map((l) => `\n${escapeMarkdown(l)}`),
    '',
    '| term | bytes | size | share | at peak | held most by |',
    '|---|---:|---:|---:|---:|---|',
    ...rows,
    `| **total** (${peakText(s)}) | **${grouped(s.total)}** | **${binarySize(s.total)}** | 100.0% | ${binarySize(s.total)} | |`,
    '',
    ...verdict(s).map((l) => `- ${l}`),
  ].join('\n') + '\n';
}

function budgetJson(s: BudgetSummary) {
  const e = s.estimate;
  const o = e.options;
  return {
    schemaVersion: SCHEMA_VERSION,
    file: s.file,
    batch: e.batch,
    dtype: o.dtype,
    optimizer: o.optimizer,
    inference: o.inference,
    bytes: e.bytes,
    limit: s.limit,
    device: s.device ? { name: s.device.name, memory: s.device.memory, reserve: s.device.reserve, capability: s.device.capability } : null,
    runtime: { name: s.runtime.name, measured: s.runtime.measured },
    fits: s.fits,
    headroom: s.headroom,
    overflow: s.overflow,
    maxBatch: s.maxBatch ? s.maxBatch.batch : null,
    peak: { phase: e.peak.phase, layer: e.peak.layer, parts: e.peak.parts },
    // shares are fractions everywhere in JSON (of the total for a term, of the term for a layer)
    terms: s.rows.map((r) => ({ term: r.term, bytes: r.bytes, share: r.percent / 100, atPeak: r.atPeak, top: r.top.map((t) => ({ id: t.id, text: t.text, bytes: t.bytes, share: t.percent / 100 })) })),
    gates: s.gates,
    params: s.params,
    macs: s.macs,
    options: { saving: o.saving, indexBytes: o.indexBytes, maskBytes: o.maskBytes, channelBlock: o.channelBlock, optimizerImplementation: o.optimizerImplementation, gradients: o.gradients, workspace: o.workspace, gradientTemporaries: o.gradientTemporaries, optimizerTemporaries: o.optimizerTemporaries, cuda: o.cuda },
  };
}

/** As JSON lines, written in chunks by the CLI as every JSON output is. */
export function budgetJsonLines(s: BudgetSummary): Lines {
  return jsonLines(budgetJson(s));
}

export function renderDevices(devices: readonly Device[], chalk: Paint): string {
  const table = renderTextTable(
    {
      header: ['device', 'memory', 'bytes', 'default reserve', 'aliases', 'source'],
      align: ['left', 'right', 'right', 'right', 'left', 'left'],
      rows: devices.map((d) => [d.name, binarySize(d.memory), grouped(d.memory), binarySize(d.reserve), d.aliases.join(', '), d.source]),
    },
    chalk,
  );
  return table + 'memory: the vendor capacity in binary units (16 GB = 16 GiB); the reserve (driver, ECC, allocator fragmentation) is added to the total, next to the CUDA context and the cuBLAS workspaces; --reserve replaces it.\n';
}
