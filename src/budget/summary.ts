// What the budget report prints, worked out here so that the formatters only lay it out: each term
// with its share of the total and its part in the peak, headroom or overflow against the limit, the
// layers that hold the most, the gates and the largest batch.

import { resolvedLabel } from '../analysis/layer-label.js';
import type { Analysis } from '../analysis/analyze.js';
import { sum } from '../util/exact.js';
import type { Device } from './devices.js';
import type { BudgetEstimate, LayerBudget } from './estimate.js';
import type { Gate } from './gates.js';
import type { MaxBatch } from './max-batch.js';
import type { Runtime } from './runtimes.js';

export type TermName = 'parameters' | 'gradients' | 'optimizerState' | 'activations' | 'backwardPeak' | 'workspace' | 'input' | 'reserve' | 'platform' | 'optimizerTemporaries' | 'allocator' | 'context' | 'cublasWorkspaces';

export interface TermRow {
  readonly term: TermName;
  readonly label: string;
  readonly bytes: number;
  /** bytes / total x 100. */
  readonly percent: number;
  /** This term's bytes live at the peak moment (the column sums to the total). */
  readonly atPeak: number;
  /** Layers holding the most of this term: "conv1_2 (7%)"-style entries. */
  readonly top: readonly { readonly id: number; readonly text: string; readonly label: string; readonly bytes: number; readonly percent: number }[];
}

export interface BudgetSummary {
  readonly file: string;
  readonly estimate: BudgetEstimate;
  readonly rows: readonly TermRow[];
  readonly total: number;
  readonly limit: number | null;
  readonly device: Device | null;
  /** The runtime the figures model (budget/runtimes.ts). */
  readonly runtime: Runtime;
  /** limit - total when it fits (>= 0), else null. */
  readonly headroom: number | null;
  /** total - limit when it does not fit, else null. */
  readonly overflow: number | null;
  readonly fits: boolean | null;
  /** total / limit x 100. */
  readonly percentOfLimit: number | null;
  readonly maxBatch: MaxBatch | null;
  readonly gates: readonly Gate[];
  readonly peakLayer: string | null;
  /** What limits the largest batch: "the optimizer step" or "backward at layer 32 FC-4096". */
  readonly maxBatchLimit: string | null;
  readonly params: number;
  readonly macs: number;
}

const LABELS: Record<TermName, string> = {
  parameters: 'parameters',
  gradients: 'gradients',
  optimizerState: 'optimizer state',
  activations: 'activations kept for backward',
  backwardPeak: 'gradient buffers (backward peak)',
  workspace: 'workspace (im2col)',
  input: 'input batch',
  reserve: 'reserve',
  platform: 'platform (library code)',
  optimizerTemporaries: 'optimizer temporaries',
  allocator: 'caching allocator (segments - tensors)',
  context: 'CUDA context',
  cublasWorkspaces: 'cuBLAS workspaces',
};

/** The rows only a GPU runtime has (budget/cuda-memory.ts). */
const GPU_TERMS: readonly TermName[] = ['allocator', 'context', 'cublasWorkspaces'];

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (part / whole) * 100;
}

/** The n layers holding the most of a term, labelled (analysis/layer-label.ts) here: only these few
 *  rows show a label, not every layer of the estimate (which verify's guard also computes). */
function topLayers(analysis: Analysis, layers: readonly LayerBudget[], key: 'parameters' | 'activations' | 'backward' | 'workspace', total: number, n = 3): TermRow['top'] {
  return [...layers]
    .filter((l) => l[key] > 0)
    .sort((a, b) => b[key] - a[key] || a.id - b.id)
    .slice(0, n)
    .map((l) => ({ id: l.id, text: l.text, label: resolvedLabel(analysis.layers[l.id]!.node), bytes: l[key], percent: percent(l[key], total) }));
}

function limitText(analysis: Analysis, m: MaxBatch | null): string | null {
  const by = m?.limitedBy;
  if (!by) return null;
  if (by.phase === 'step' || by.layer === null) return 'the optimizer step';
  return `${by.phase} at layer ${by.layer} ${resolvedLabel(analysis.layers[by.layer]!.node)}`;
}

export function summarize(
  file: string,
  analysis: Analysis,
  estimate: BudgetEstimate,
  options: { limit: number | null; device: Device | null; runtime: Runtime; maxBatch: MaxBatch | null; gates: readonly Gate[] },
): BudgetSummary {
  const b = estimate.bytes;
  const p = estimate.peak.parts;
  const total = b.total;
  const at: Record<TermName, number> = {
    parameters: p.parameters,
    gradients: p.gradients,
    optimizerState: p.optimizerState,
    activations: p.activations + (estimate.peak.phase === 'inference' ? p.buffers : 0),
    backwardPeak: estimate.peak.phase === 'backward' ? sum('peak', [p.buffers, p.temporaries]) : 0,
    workspace: p.workspace,
    input: p.input,
    reserve: p.reserve,
    platform: p.platform,
    optimizerTemporaries: estimate.peak.phase === 'step' ? p.temporaries : 0,
    allocator: p.allocator,
    context: p.context,
    cublasWorkspaces: p.cublas,
  };
  // the term's own figure; the allocator's overhead has none but at the peak
  const figure = (term: TermName): number => (term === 'allocator' || term === 'context' || term === 'cublasWorkspaces' ? at[term] : b[term]);
  // Forward moments hold unsaved activation buffers too: they belong to the activations row.
  if (estimate.peak.phase === 'forward') at.activations = sum('peak', [p.activations, p.buffers]);
  const top: Partial<Record<TermName, TermRow['top']>> = {
    parameters: topLayers(analysis, estimate.layers, 'parameters', b.parameters),
    activations: topLayers(analysis, estimate.layers, 'activations', b.activations),
    backwardPeak: topLayers(analysis, estimate.layers, 'backward', b.backwardPeak, 1),
    workspace: topLayers(analysis, estimate.layers, 'workspace', b.workspace, 1),
  };
  const training = !estimate.options.inference;
  const names: TermName[] = [
    ...(training
      ? ['parameters', 'gradients', 'optimizerState', 'activations', 'backwardPeak', 'workspace', 'input', 'optimizerTemporaries', 'reserve', 'platform'] as const
      : ['parameters', 'activations', 'workspace', 'input', 'reserve', 'platform'] as const),
    ...(b.reserved === null ? [] : GPU_TERMS),
  ];
  const inferenceActivations = (term: TermName): boolean => term === 'activations' && !training;
  const rows = names.map((term) => ({
    term,
    label: inferenceActivations(term) ? 'activations (largest adjacent pair)' : term === 'workspace' && b.reserved !== null ? 'workspace (cuDNN)' : LABELS[term],
    bytes: inferenceActivations(term) ? at.activations : figure(term),
    percent: percent(inferenceActivations(term) ? at.activations : figure(term), total),
    atPeak: at[term],
    top: top[term] ?? [],
  }));
  const { limit } = options;
  const fits = limit === null ? null : total <= limit;
  const layer = estimate.peak.layer;
  return {
    runtime: options.runtime,
    file,
    estimate,
    rows,
    total,
    limit,
    device: options.device,
    headroom: limit !== null && total <= limit ? limit - total : null,
    overflow: limit !== null && total > limit ? total - limit : null,
    fits,
    percentOfLimit: limit === null ? null : percent(total, limit),
    maxBatch: options.maxBatch,
    gates: options.gates,
    peakLayer: layer === null ? null : `${layer} ${resolvedLabel(analysis.layers[layer]!.node)}`,
    maxBatchLimit: limitText(analysis, options.maxBatch),
    params: analysis.totals.params,
    macs: analysis.totals.macs,
  };
}
