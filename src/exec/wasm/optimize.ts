// One tensor's optimizer update (optim/optimizers.ts) in WebAssembly (kernels.as optimize) where
// its weights, gradient and state live in the shared memory, split across the threads; false
// elsewhere, and the caller runs the TypeScript update (the reference, whose results these equal
// bit for bit: kernels.as computes each element's formula in float64, as JavaScript does).

import { OP, parallel } from '../threads/pool.js';
import { alignFor, owned } from './elementwise.js';
import type { StepUpdate } from '../optim/optimizers.js';
import type { WasmRuntime } from './runtime.js';

/** A step's constants: lr, adam's bias corrections 1 - b1^t and 1 - b2^t, whether it is the first
 *  step (momentum's buffer starts at g), adamw's decay factor 1 - lr wd. */
export interface StepConstants {
  readonly lr: number;
  readonly c1: number;
  readonly c2: number;
  readonly first: boolean;
  readonly decay: number;
}

/** The step's constants where kernels.as reads them (rt.floats: lr, c1, c2, first, decay). */
export function writeConstants(rt: WasmRuntime, c: StepConstants): void {
  rt.floats.set([c.lr, c.c1, c.c2, c.first ? 1 : 0, c.decay]);
}

/** kind: the optimizer's index in OPTIMIZER_NAMES (kernels.as knows them by it). */
export function wasmOptimize(kind: number, w: Float32Array, g: Float32Array, state: readonly Float32Array[], c: StepConstants): boolean {
  const rt = owned(w, g, ...state);
  if (!rt) return false;
  writeConstants(rt, c);
  const [s0, s1] = [state[0]?.byteOffset ?? 0, state[1]?.byteOffset ?? 0];
  parallel(rt, OP.optimize, [kind, w.byteOffset, g.byteOffset, s0, s1, rt.floats.byteOffset], w.length, alignFor(w.length));
  return true;
}

/** The optimizer step a weight takes inside the kernel that writes its final gradient (FC's
 *  backward, Winograd's filter adjoint), and what to tell once taken. */
export interface FusedStep {
  readonly update: StepUpdate;
  done(): void;
}

/** A weight whose final gradient a kernel writes, and the step it takes there. */
export interface WeightStep {
  readonly weight: Float32Array;
  readonly step: FusedStep;
}

/** A kernel's step arguments [kind, s0, s1, constants] (kind -1: none) for the weight of `final`
 *  and its gradient g, the constants written where kernels.as reads them; kind -1 without a step or
 *  where the weight or its state lies outside the shared memory (backward.ts then updates it). */
export function fusedStepArgs(rt: WasmRuntime, final: WeightStep | null, g: Float32Array): [number, number, number, number] {
  const state = final ? final.step.update.stateOf({ data: final.weight, grad: g }) : [];
  if (!final || ![final.weight, g, ...state].every((t) => rt.arena.owns(t))) return [-1, 0, 0, rt.floats.byteOffset];
  writeConstants(rt, final.step.update.constants);
  return [final.step.update.kind, state[0]?.byteOffset ?? 0, state[1]?.byteOffset ?? 0, rt.floats.byteOffset];
}
