// Non-finite values (NaN, +-infinity) in the tensors a run reads and writes. The kernels propagate
// them as PyTorch does, so one NaN weight can give an output of plausible-looking numbers mixed with
// NaN, or all NaN: run and verify name every tensor that holds any, with the count, so it is not
// mistaken for a result. Layers are numbered as `cnncalc table` numbers them (the layer id) and
// shown by their label as table rows show them (arguments' values resolved, on one line).

import { resolvedLabel } from '../analysis/layer-label.js';
import type { Analysis } from '../analysis/analyze.js';
import type { ExecNetwork } from './build.js';
import { tensorName } from './weights.js';
import { ownParams } from './network.js';
import { wasmCountNonFinite } from './wasm/nonfinite.js';

export interface NonFiniteCount {
  readonly nan: number;
  readonly infinite: number;
}

export interface NonFiniteTensor extends NonFiniteCount {
  /** 'weights', 'input' or 'output'. */
  readonly role: 'weights' | 'input' | 'output';
  /** The tensor's name: a parameter's as cnncalc names it (weights.ts tensorName; namedAsInFile
   *  gives the weights file's name); else the role. */
  readonly name: string;
  /** The layer it belongs to (table's numbering) and its label (analysis/layer-label.ts); null for
   *  the input batch. */
  readonly layer: { readonly id: number; readonly text: string } | null;
}

export function countNonFinite(data: Float32Array): NonFiniteCount {
  const counted = wasmCountNonFinite(data);
  if (counted) return counted;
  let nan = 0;
  let infinite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) nan++;
    else if (v === Infinity || v === -Infinity) infinite++;
  }
  return { nan, infinite };
}

/** Every parameter and buffer tensor of `net` (BN running statistics included) that holds any. */
export function nonFiniteParameters(net: ExecNetwork, textOf: (id: number) => string): NonFiniteTensor[] {
  const found: NonFiniteTensor[] = [];
  for (const l of net.layers) {
    for (const p of ownParams(l)) {
      const c = countNonFinite(p.data);
      if (c.nan + c.infinite > 0) found.push({ role: 'weights', name: tensorName(l, p.name), layer: { id: l.id, text: textOf(l.id) }, ...c });
    }
  }
  return found;
}

/** The input batch (counted before the run: RELU may write over it) and the output (of layer
 *  `outputId`), when either holds any. */
function nonFiniteInOut(i: NonFiniteCount, output: Float32Array, outputId: number, textOf: (id: number) => string): NonFiniteTensor[] {
  const found: NonFiniteTensor[] = [];
  if (i.nan + i.infinite > 0) found.push({ role: 'input', name: 'input', layer: null, ...i });
  const o = countNonFinite(output);
  if (o.nan + o.infinite > 0) found.push({ role: 'output', name: 'output', layer: { id: outputId, text: textOf(outputId) }, ...o });
  return found;
}

/** Every tensor of a finished run that holds any: parameters and buffers (after the step, when
 *  training), the input batch as it was read, the output. */
export function nonFiniteOfRun(analysis: Analysis, s: { readonly net: ExecNetwork; readonly inputNonFinite: NonFiniteCount; readonly output: Float32Array }): NonFiniteTensor[] {
  // expansion (notation/expand/unroll.ts) already drops comments and collapses whitespace in node.text: the label is one line
  const textOf = (id: number): string => resolvedLabel(analysis.layers[id]!.node);
  return [...nonFiniteParameters(s.net, textOf), ...nonFiniteInOut(s.inputNonFinite, s.output, s.net.output, textOf)];
}

/** `found` with the parameters named as the weights file names them, where it names them
 *  otherwise (run --sequential: weights.ts WeightTensors.fileName). */
export function namedAsInFile(found: readonly NonFiniteTensor[], fileName: ((name: string) => string) | undefined): readonly NonFiniteTensor[] {
  if (!fileName) return found;
  return found.map((t) => (t.role === 'weights' ? { ...t, name: fileName(t.name) } : t));
}
