// The CI gates of `cnncalc budget`: each a figure against a limit the user gave. Any failed gate makes
// the command exit 1. The memory gate compares the total (the step's peak) with the device limit.

import type { Analysis } from '../analysis/analyze.js';
import type { BudgetEstimate } from './estimate.js';

export interface GateLimits {
  /** Bytes: the device memory (--limit, or --device's memory). */
  readonly memory?: number;
  readonly params?: number;
  readonly macs?: number;
  /** Bytes of activations: those kept for backward (training), or the live activation buffers at
   *  the peak (inference, where nothing is kept). */
  readonly activations?: number;
}

export interface Gate {
  readonly name: 'memory' | 'params' | 'macs' | 'activations';
  readonly option: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: 'bytes' | 'count';
  readonly passed: boolean;
}

function activationFigure(estimate: BudgetEstimate): number {
  return estimate.options.inference ? estimate.peak.parts.buffers : estimate.bytes.activations;
}

export function checkGates(analysis: Analysis, estimate: BudgetEstimate, limits: GateLimits): Gate[] {
  const gates: Gate[] = [];
  const gate = (name: Gate['name'], option: string, value: number, limit: number | undefined, unit: Gate['unit']): void => {
    if (limit !== undefined) gates.push({ name, option, value, limit, unit, passed: value <= limit });
  };
  gate('memory', '--limit', estimate.bytes.total, limits.memory, 'bytes');
  gate('params', '--max-params', analysis.totals.params, limits.params, 'count');
  gate('macs', '--max-macs', analysis.totals.macs, limits.macs, 'count');
  gate('activations', '--max-activations', activationFigure(estimate), limits.activations, 'bytes');
  return gates;
}
