// INPUT: the batch the session hands the forward pass; nothing to compute, and no gradient is formed for it.

import type { KernelPair } from './kernel.js';
import { declaredPlan } from './plans.js';

export const inputKernels: KernelPair<'input'> = {
  plan: declaredPlan,
  forward: () => ({ macs: 0 }),
  backward: () => 0,
};
