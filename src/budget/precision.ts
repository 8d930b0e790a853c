// Bytes per element for each kind of tensor a training step holds, by the budget's dtype, and what
// each optimizer keeps and allocates. The one place these sizes are decided (explain.ts states them).
//
//   dtype   weights            gradients  optimizer state  activations, gradient buffers, input, workspace  BN statistics
//   fp32    4                  4          4                4                                                4
//   fp16    2                  2          2                2                                                2
//   bf16    2                  2          2                2                                                2
//   mixed   4 (fp32 master)    4 (fp32)   4 (fp32)         2 (fp16/bf16)                                    4
//           + 2 (fp16 copy)
//
// `mixed` is automatic mixed precision as torch.autocast / apex O2 run it: the fp32 master weights are
// the parameters the optimizer updates, a half-precision copy of every weight is what the layers
// compute with (autocast caches one per step), gradients arrive on the fp32 master weights, the
// optimizer state is fp32, and activations, the gradient buffers of backward and im2col columns are
// half precision.

export const BUDGET_DTYPES = ['fp32', 'fp16', 'bf16', 'mixed'] as const;
export type BudgetDtype = (typeof BUDGET_DTYPES)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

export interface Precision {
  /** Bytes held per parameter for the weights themselves (mixed: 4 + 2). */
  readonly weights: number;
  readonly gradients: number;
  /** Bytes per element of one copy of optimizer state. */
  readonly state: number;
  /** Activations, gradient buffers of backward, the input batch, im2col columns. */
  readonly activation: number;
  /** BN's running statistics (kept at the master precision under mixed). */
  readonly buffers: number;
}

export const PRECISION: Readonly<Record<BudgetDtype, Precision>> = {
  fp32: { weights: 4, gradients: 4, state: 4, activation: 4, buffers: 4 },
  fp16: { weights: 2, gradients: 2, state: 2, activation: 2, buffers: 2 },
  bf16: { weights: 2, gradients: 2, state: 2, activation: 2, buffers: 2 },
  mixed: { weights: 4 + 2, gradients: 4, state: 4, activation: 2, buffers: 4 },
};

/** Copies of the parameters an optimizer keeps between steps (PyTorch's torch.optim state). */
export const STATE_COPIES: Readonly<Record<Optimizer, number>> = {
  sgd: 0,
  momentum: 1, // momentum_buffer
  nesterov: 1, // momentum_buffer
  rmsprop: 1, // square_avg
  adagrad: 1, // sum
  adam: 2, // exp_avg, exp_avg_sq
  adamw: 2, // exp_avg, exp_avg_sq
};

/** Temporaries one parameter tensor's update allocates in PyTorch 1.13's single-tensor (for-each
 *  parameter) optimizers, in parameter-tensor sizes; they are freed before the next tensor's update,
 *  so the step's peak is this many copies of the largest parameter tensor:
 *    adam, adamw  denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps): the sqrt and the
 *                 quotient are live together (2)
 *    nesterov     d_p = d_p.add(buf, alpha=momentum) (1)
 *    rmsprop      avg = square_avg.sqrt().add_(eps) (1)
 *    adagrad      std = state_sum.sqrt().add_(eps) (1)
 *    sgd, momentum  in place (0) */
export const STEP_TEMPORARIES: Readonly<Record<Optimizer, number>> = {
  sgd: 0,
  momentum: 0,
  nesterov: 1,
  rmsprop: 1,
  adagrad: 1,
  adam: 2,
  adamw: 2,
};

/** The same temporaries in PyTorch 2's foreach optimizers (its default for CUDA tensors), which
 *  update every parameter at once: copies of all the parameters, each held to the end of the step
 *  (Adam, AdamW: the square root of the second moments, divided in place; RMSprop, Adagrad: the
 *  square root of the averages; Nesterov: the gradient plus momentum times the buffer). */
export const FOREACH_TEMPORARIES: Readonly<Record<Optimizer, number>> = {
  sgd: 0,
  momentum: 0,
  nesterov: 1,
  rmsprop: 1,
  adagrad: 1,
  adam: 1,
  adamw: 1,
};

export type OptimizerImplementation = 'single-tensor' | 'foreach';

export function isBudgetDtype(name: string): name is BudgetDtype {
  return (BUDGET_DTYPES as readonly string[]).includes(name);
}

export function isOptimizer(name: string): name is Optimizer {
  return (OPTIMIZERS as readonly string[]).includes(name);
}
