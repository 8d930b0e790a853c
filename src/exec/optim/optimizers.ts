// One optimizer step over every trainable tensor, as torch.optim with its defaults (weight decay 0
// but AdamW's 0.01), in WebAssembly where the tensors live in its memory (wasm/optimize.ts), else
// by updateReference below; state is allocated on the first step through the tracker
// ('optimizerState'), so its bytes are measured. STATE_COPIES in budget/precision.ts predicts the same counts:
//   sgd       p -= lr g                                                      lr 0.01
//   momentum  b = mu b + g (b = g on the first step); p -= lr b             lr 0.01, mu 0.9
//   nesterov  b as momentum; p -= lr (g + mu b)                              lr 0.01, mu 0.9
//   adam      m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//             p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)          lr 1e-3, b1 0.9, b2 0.999, eps 1e-8
//   adamw     p *= 1 - lr wd, then adam                                      wd 0.01
//   rmsprop   v = a v + (1-a) g^2; p -= lr g / (sqrt(v) + eps)               lr 0.01, a 0.99, eps 1e-8
//   adagrad   s += g^2; p -= lr g / (sqrt(s) + eps)                          lr 0.01, eps 1e-10

import type { Tracker } from '../memory.js';
import { wasmOptimize, type StepConstants } from '../wasm/optimize.js';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

const STATE: Record<OptimizerName, number> = { sgd: 0, momentum: 1, nesterov: 1, adam: 2, adamw: 2, rmsprop: 1, adagrad: 1 };

export interface Trainable {
  readonly data: Float32Array;
  readonly grad: Float32Array;
}

export interface Optimizer {
  readonly name: OptimizerName;
  /** Allocates the state of every tensor now (a training loop holds it between steps). */
  prepare(params: readonly Trainable[]): void;
  /** Begins a step: each tensor is then updated once, by the StepUpdate, when its gradient is final. */
  begin(): StepUpdate;
  /** A whole step at once: begin(), then every tensor's update. */
  step(params: readonly Trainable[]): void;
}

/** One step's updates, tensor by tensor: the backward pass (backward.ts) updates each parameter
 *  as soon as its gradient is final, while the gradient is still in cache, or inside the kernel
 *  that wrote it (kernels.as fcBackward and winogradFilterAdjoint: `kind`, `constants` and the
 *  state). */
export interface StepUpdate {
  /** The optimizer's index in OPTIMIZER_NAMES (kernels.as knows them by it). */
  readonly kind: number;
  readonly constants: StepConstants;
  /** The tensor's state (allocated through the tracker on first use), laid out as its weights. */
  stateOf(p: Trainable): readonly Float32Array[];
  update(p: Trainable): void;
}

export function createOptimizer(name: OptimizerName, tracker: Tracker, lr?: number): Optimizer {
  const states = new Map<Float32Array, Float32Array[]>();
  let t = 0;
  const stateOf = (p: Trainable): Float32Array[] => {
    let s = states.get(p.data);
    if (!s) {
      s = Array.from({ length: STATE[name] }, () => tracker.f32('optimizerState', p.data.length));
      states.set(p.data, s);
    }
    return s;
  };
  const begin = (): StepUpdate => {
    t++;
    const c = constants(name, t, lr);
    return { kind: OPTIMIZER_NAMES.indexOf(name), constants: c, stateOf, update: (p) => update(name, p, stateOf(p), c) };
  };
  return {
    name,
    prepare(params) {
      for (const p of params) stateOf(p);
    },
    begin,
    step(params) {
      const u = begin();
      for (const p of params) u.update(p);
    },
  };
}

/** lr where the caller gives none: torch.optim's defaults. */
const DEFAULT_LR: Record<OptimizerName, number> = { sgd: 0.01, momentum: 0.01, nesterov: 0.01, adam: 1e-3, adamw: 1e-3, rmsprop: 0.01, adagrad: 0.01 };

function constants(name: OptimizerName, t: number, lrGiven: number | undefined): StepConstants {
  const lr = lrGiven ?? DEFAULT_LR[name];
  return { lr, c1: 1 - 0.9 ** t, c2: 1 - 0.999 ** t, first: t === 1, decay: 1 - lr * 0.01 };
}

/** In WebAssembly where the tensors live in its memory, else the reference below. */
function update(name: OptimizerName, p: Trainable, s: Float32Array[], c: StepConstants): void {
  if (!wasmOptimize(OPTIMIZER_NAMES.indexOf(name), p.data, p.grad, s, c)) updateReference(name, p, s, c);
}

export function updateReference(name: OptimizerName, p: Trainable, s: Float32Array[], c: StepConstants): void {
  const { data: w, grad: g } = p;
  const { lr, c1, c2, first, decay } = c;
  const n = w.length;
  if (name === 'sgd') {
    for (let i = 0; i < n; i++) w[i] = w[i]! - lr * g[i]!;
  } else if (name === 'momentum' || name === 'nesterov') {
    const mu = 0.9;
    const b = s[0]!;
    for (let i = 0; i < n; i++) {
      b[i] = first ? g[i]! : mu * b[i]! + g[i]!;
      w[i] = w[i]! - lr * (name === 'nesterov' ? g[i]! + mu * b[i]! : b[i]!);
    }
  } else if (name === 'adam' || name === 'adamw') {
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const [m, v] = [s[0]!, s[1]!];
    for (let i = 0; i < n; i++) {
      if (name === 'adamw') w[i] = w[i]! * decay;
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      w[i] = w[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
    }
  } else if (name === 'rmsprop') {
    const v = s[0]!;
    for (let i = 0; i < n; i++) {
      v[i] = 0.99 * v[i]! + 0.01 * g[i]! * g[i]!;
      w[i] = w[i]! - (lr * g[i]!) / (Math.sqrt(v[i]!) + 1e-8);
    }
  } else {
    const acc = s[0]!;
    for (let i = 0; i < n; i++) {
      acc[i] = acc[i]! + g[i]! * g[i]!;
      w[i] = w[i]! - (lr * g[i]!) / (Math.sqrt(acc[i]!) + 1e-10);
    }
  }
}
