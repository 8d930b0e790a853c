// The reference backend: the TypeScript kernels, one pair per kind (kernels/kernel.ts). `satisfies`
// makes a kind without kernels a compile error; a second backend (WebAssembly) is a record of the same type.

import { reluKernels, sigmoidKernels, tanhKernels } from './activations.js';
import { geluKernels, hsigmoidKernels, hswishKernels, relu6Kernels, siluKernels } from './activations-modern.js';
import { bnKernels } from './bn.js';
import { convKernels } from './conv.js';
import { convTKernels } from './convt.js';
import { dropoutKernels } from './dropout.js';
import { fcKernels } from './fc.js';
import type { Kernels } from './kernel.js';
import { inputKernels } from './input.js';
import { localKernels } from './local.js';
import { lnKernels } from './ln.js';
import { lrnKernels } from './lrn.js';
import { addKernels, concatKernels, mulKernels, sliceKernels } from './merge.js';
import { poolKernels } from './pool.js';
import { scaleKernels } from './scale.js';
import { shuffleKernels } from './shuffle.js';
import { softmaxKernels } from './softmax.js';
import { unpoolKernels } from './unpool.js';
import { upsampleKernels } from './upsample.js';

export const REFERENCE_KERNELS = {
  input: inputKernels,
  conv: convKernels,
  local: localKernels,
  pool: poolKernels,
  fc: fcKernels,
  relu: reluKernels,
  tanh: tanhKernels,
  sigmoid: sigmoidKernels,
  relu6: relu6Kernels,
  silu: siluKernels,
  hswish: hswishKernels,
  hsigmoid: hsigmoidKernels,
  gelu: geluKernels,
  softmax: softmaxKernels,
  dropout: dropoutKernels,
  lrn: lrnKernels,
  bn: bnKernels,
  concat: concatKernels,
  add: addKernels,
  mul: mulKernels,
  slice: sliceKernels,
  ln: lnKernels,
  scale: scaleKernels,
  shuffle: shuffleKernels,
  upsample: upsampleKernels,
  convt: convTKernels,
  unpool: unpoolKernels,
} as const satisfies Kernels;
