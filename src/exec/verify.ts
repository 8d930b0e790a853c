// cnncalc verify's work, as data: run a session (session.ts) and set every measured figure beside
// its prediction. Per layer: output shape, parameters, MACs, activation bytes (one image), im2col
// workspace bytes (one image); these must be equal. Memory: the budget's terms (budget/estimate.ts,
// fp32, 4-byte max-pool indices, one image's im2col columns reused, gradients added in place)
// against the tracker's figures: parameters, gradients, optimizer state, input exact; saved
// activations exact; the backward peak, the workspace and the peak live bytes within 5%.

import { resolvedLabel } from '../analysis/layer-label.js';
import type { Analysis } from '../analysis/analyze.js';
import { estimateBudget, type BudgetEstimate } from '../budget/estimate.js';
import { planTraining, type TrainingPlan } from '../training/plan.js';
import { RUNTIMES, runtimeOptions } from '../budget/runtimes.js';
import { im2colElements, liveAt } from '../budget/moments.js';
import { nonFiniteOfRun, type NonFiniteTensor } from './nonfinite.js';
import type { OptimizerName } from './optim/optimizers.js';
import { runSession, type Session, type SessionOptions } from './session.js';
import { dimsText } from './tensor.js';
import { ownParams } from './network.js';

export interface Check {
  readonly predicted: number | string;
  readonly measured: number | string;
  readonly ok: boolean;
}

export interface LayerCheck {
  readonly id: number;
  readonly text: string;
  /** The layer with its arguments' values, as table rows show it (analysis/layer-label.ts). */
  readonly label: string;
  readonly shape: Check;
  readonly params: Check;
  readonly macs: Check;
  readonly activationBytes: Check;
  readonly workspaceBytes: Check;
}

export type MemoryTerm = 'parameters' | 'gradients' | 'optimizerState' | 'input' | 'activations' | 'backwardPeak' | 'workspace' | 'peak';

export interface MemoryCheck extends Check {
  readonly term: MemoryTerm;
  /** 0: must be equal; 0.05: within 5% of the prediction. */
  readonly tolerance: number;
  /** The rule in words: 'exact' or 'within 5%'. */
  readonly rule: string;
}

export interface VerifyReport {
  readonly batch: number;
  readonly seed: number;
  readonly train: boolean;
  readonly optimizer: OptimizerName | null;
  readonly layers: readonly LayerCheck[];
  readonly memory: readonly MemoryCheck[];
  readonly seconds: Session['seconds'];
  /** Training: the loss of the step (0.5/B * sum of squared error against a random target). */
  readonly loss: number | null;
  /** Weights (after the training step), input and output tensors holding NaN or infinities. */
  readonly nonFinite: readonly NonFiniteTensor[];
  readonly ok: boolean;
}

export type VerifyOptions = Omit<SessionOptions, 'input' | 'load' | 'plan'>;

const check = (predicted: number | string, measured: number | string): Check => ({ predicted, measured, ok: predicted === measured });

function within(term: MemoryTerm, predicted: number, measured: number, tolerance: number): MemoryCheck {
  const ok = tolerance === 0 ? predicted === measured : Math.abs(measured - predicted) <= tolerance * Math.max(predicted, 1);
  return { term, predicted, measured, ok, tolerance, rule: tolerance === 0 ? 'exact' : `within ${Math.round(tolerance * 100)}%` };
}

/** The memory the budget predicts for this run, in the executor's conventions. */
export function predictBudget(analysis: Analysis, o: Pick<VerifyOptions, 'batch' | 'train' | 'optimizer'>, plan?: TrainingPlan): BudgetEstimate {
  return estimateBudget(analysis, {
    batch: o.batch,
    dtype: 'fp32',
    optimizer: o.optimizer,
    inference: !o.train,
    ...runtimeOptions(RUNTIMES.cnncalc),
  }, plan);
}

/** The budget's peak (its largest moment) with the executor's one im2col buffer counted at every
 *  moment: the executor allocates it once and keeps it, where the budget counts it at CONV moments. */
export function executorPeak(b: BudgetEstimate): number {
  const moments = b.model.moments;
  if (moments.length === 0) return b.bytes.total;
  return moments.reduce((best, m) => Math.max(best, liveAt(b.model, m, b.batch) - m.workspaceFixed + b.bytes.workspace), 0);
}

function layerChecks(analysis: Analysis, s: Session, batch: number): LayerCheck[] {
  return analysis.layers.slice(1).map((a) => {
    const l = s.net.layers[a.node.id]!;
    const params = ownParams(l).filter((p) => p.trainable).reduce((n, p) => n + p.data.length, 0);
    const out = a.output;
    return {
      id: a.node.id,
      text: a.node.text,
      label: resolvedLabel(a.node),
      shape: check(`${out.width}x${out.height}x${out.depth}`, dimsText(l.out)),
      params: check(a.params, params),
      macs: check(a.macs, s.pass.macs[l.id]! / batch),
      activationBytes: check(a.bytes, s.pass.outputBytes[l.id]! / batch),
      workspaceBytes: check(im2colElements(a) * 4, s.pass.columns[l.id]! * 4),
    };
  });
}

function memoryChecks(b: BudgetEstimate, s: Session, train: boolean): MemoryCheck[] {
  const t = s.tracker;
  const checks = [
    within('parameters', b.bytes.parameters, t.peakOf('parameters') + t.peakOf('buffers'), 0),
    within('input', b.bytes.input, t.peakOf('input'), 0),
    within('workspace', b.bytes.workspace, t.peakOf('workspace'), 0.05),
  ];
  if (train) {
    checks.push(
      within('gradients', b.bytes.gradients, t.peakOf('gradients'), 0),
      within('optimizerState', b.bytes.optimizerState, t.peakOf('optimizerState'), 0),
      within('activations', b.bytes.activations, s.savedBytes, 0),
      within('backwardPeak', b.bytes.backwardPeak, t.peakOf('activationGradients'), 0.05),
    );
  }
  checks.push(within('peak', executorPeak(b), t.peak, 0.05));
  return checks;
}

export function verifyAnalysis(analysis: Analysis, o: VerifyOptions): VerifyReport {
  // One autograd plan for the prediction and the run: verify compares them, not two plans
  const plan = planTraining(analysis.layers, { training: o.train, sideOutputs: analysis.network.sideOutputs });
  const budget = predictBudget(analysis, o, plan);
  const s = runSession(analysis, { ...o, plan });
  const layers = layerChecks(analysis, s, o.batch);
  const memory = memoryChecks(budget, s, o.train);
  const ok = layers.every((l) => l.shape.ok && l.params.ok && l.macs.ok && l.activationBytes.ok && l.workspaceBytes.ok) && memory.every((m) => m.ok);
  const nonFinite = nonFiniteOfRun(analysis, s);
  return {
    batch: o.batch, seed: o.seed, train: o.train, optimizer: o.train ? o.optimizer : null,
    layers, memory, seconds: s.seconds, loss: s.backward?.loss ?? null, nonFinite, ok,
  };
}

