// A network's weights by the deterministic formula (deterministic.ts), under the names `cnncalc run
// --weights` reads: each tensor the executor expects gets its role from its layer's kind and the
// parameter's name, and its values from that role and torchvision's shape of the same tensor.

import { buildNetwork } from '../../../src/exec/build.js';
import { Tracker } from '../../../src/exec/memory.js';
import { createRandom } from '../../../src/exec/random.js';
import { expectedTensors, type ExpectedTensor } from '../../../src/exec/tensor-names.js';
import type { NamedTensor } from '../../../src/exec/weights.js';
import type { Analysis } from '../../../src/analysis/analyze.js';
import { fill, type Role } from './deterministic.js';

export interface FormulaOptions {
  /** The network's 1x1 convolutions are torchvision Linear layers applied per position (ConvNeXt's
   *  channels-last MLP: cnncalc writes them CONV(f=1), same figures and numerics). The formula's salt
   *  folds in the tensor's shape, so such a weight must be salted as torchvision's [out, in], not
   *  cnncalc's [out, in, 1, 1]; the row-major values are the same elements in the same order. */
  readonly pointwiseAsLinear?: boolean;
}

const WEIGHTED = new Set(['CONV', 'CONVT', 'FC']);
const NORMS = new Set(['BN', 'LN']);

/** The formula's role of one of the executor's tensors (deterministic.md's table). */
export function roleOf(kind: string, param: string): Role {
  if (WEIGHTED.has(kind) && (param === 'weight' || param === 'bias')) return param;
  if (NORMS.has(kind) && (param === 'weight' || param === 'bias')) return `norm_${param}`;
  if (kind === 'BN' && (param === 'running_mean' || param === 'running_var')) return param;
  if (kind === 'SCALE' && param === 'weight') return 'layer_scale';
  throw new Error(`no role in the deterministic formula for ${kind}'s ${param}`);
}

/** The shape torchvision gives the tensor, which the salt reads. */
export function torchShape(t: ExpectedTensor, o: FormulaOptions): readonly number[] {
  const pointwise = t.kind === 'CONV' && t.shape.length === 4 && t.shape[2] === 1 && t.shape[3] === 1;
  return o.pointwiseAsLinear && pointwise ? t.shape.slice(0, 2) : t.shape;
}

export interface FormulaTensor extends ExpectedTensor {
  readonly role: Role;
  /** The shape the values were made for (torchvision's). */
  readonly torchShape: readonly number[];
}

/** Every tensor the network reads, with its role and torchvision's shape, in layer order. */
export function formulaTensors(analysis: Analysis, o: FormulaOptions = {}): FormulaTensor[] {
  // Unfilled: only the names and shapes are read
  const net = buildNetwork(analysis, new Tracker(), createRandom(0), false);
  return expectedTensors(net).map((t) => ({ ...t, role: roleOf(t.kind, t.name.replace(/^\d+\./, '')), torchShape: torchShape(t, o) }));
}

/** The tensors by name, as a safetensors file for `cnncalc run --weights` would give them. */
export function formulaWeights(tensors: readonly FormulaTensor[]): Map<string, NamedTensor> {
  return new Map(tensors.map((t) => [t.name, { shape: t.shape, data: fill(t.role, t.torchShape) }]));
}
