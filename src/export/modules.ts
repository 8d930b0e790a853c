// One torch.nn module per layer: the constructor call, in Python, that computes what the notation
// contract and the executor compute for that layer, as its kind declares it (layers/<kind>.ts
// `pytorch`; defaults already applied by the analysis). Geometry comes from the layer's own windows.
// RELU is in place exactly where the autograd plan (training/plan.ts) says the budget assumes it.

import type { LayerAnalysis } from '../analysis/analyze.js';
import { definitionOf } from '../layers/index.js';
import { ExportError } from '../layers/torch.js';

export { ExportError, py } from '../layers/torch.js';

function torchOf(a: LayerAnalysis): NonNullable<ReturnType<typeof definitionOf>['pytorch']> {
  const torch = definitionOf(a.layer).pytorch;
  if (!torch) throw new ExportError(`${a.node.text} is the forward pass argument, not a module`);
  return torch;
}

/** Whether the layer's module needs an N,C,H,W input. */
export function needs4d(a: LayerAnalysis): boolean {
  return definitionOf(a.layer).pytorch?.rank === 'nchw';
}

/** Whether the layer's module gives [N, n] whatever its input. */
export function flattens(a: LayerAnalysis): boolean {
  return definitionOf(a.layer).pytorch?.rank === 'flat';
}

/** The Python expression that constructs layer `a`'s module. */
export function moduleFor(a: LayerAnalysis, inPlace: boolean): string {
  const def = definitionOf(a.layer);
  const windows = def.windows?.(a.layer.args, a.input) ?? null;
  return torchOf(a).module({ args: a.layer.args, input: a.input, output: a.output, windows, inPlace });
}
