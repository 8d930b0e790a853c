// Warnings for tensors holding NaN or infinities (exec/nonfinite.ts finds them): one line each, on
// stderr, naming the tensor and the count; the exit code does not change. Formatting only.

import type { NonFiniteTensor } from '../exec/nonfinite.js';
import { grouped } from './format.js';

const plural = (n: number, one: string, many: string): string => `${grouped(n)} ${n === 1 ? one : many}`;

function counts(t: NonFiniteTensor): string {
  const parts = [...(t.nan > 0 ? [`${grouped(t.nan)} NaN`] : []), ...(t.infinite > 0 ? [`${grouped(t.infinite)} infinite`] : [])];
  return `${plural(t.nan + t.infinite, 'non-finite value', 'non-finite values')} (${parts.join(', ')})`;
}

function subject(t: NonFiniteTensor): string {
  const layer = t.layer ? ` (layer ${t.layer.id}, ${t.layer.text})` : '';
  if (t.role === 'weights') return `weight tensor '${t.name}'${layer}`;
  return `the ${t.role}${layer}`;
}

/** One line per tensor: "cnncalc run: warning: weight tensor '1.weight' (layer 1, CONV3-8) holds ...". */
export function renderNonFiniteWarnings(command: string, tensors: readonly NonFiniteTensor[]): string {
  return tensors.map((t) => `cnncalc ${command}: warning: ${subject(t)} holds ${counts(t)}\n`).join('');
}
