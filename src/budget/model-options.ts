// What a memory model of one step is asked for: the precision, the optimizer, and the runtime's
// conventions (budget/runtimes.ts sets most of them), with their defaults.

import type { Saving } from '../layers/types.js';
import type { CudaOptions } from './cuda.js';
import type { BudgetDtype, Optimizer, OptimizerImplementation } from './precision.js';

export interface ModelOptions {
  readonly dtype: BudgetDtype;
  readonly optimizer: Optimizer;
  readonly inference: boolean;
  /** Bytes a framework or driver adds besides the modelled terms (ECC, fragmentation); default 0. */
  readonly reserve?: number;
  /** The runtime's fixed platform cost: library code the step pages in (budget/runtimes.ts); default 0. */
  readonly platform?: number;
  /** Bytes of library code more when a convolution is grouped or dilated (budget/runtimes.ts); default 0. */
  readonly platformGroupedDilated?: number;
  /** Bytes per max-pooling index: 8 (PyTorch's int64, the default); the executor keeps 4. */
  readonly indexBytes?: number;
  /** Bytes per dropout mask element: 1 (a bool mask: PyTorch on CUDA, the executor; the default);
   *  PyTorch on CPU multiplies by a float mask, 4 bytes. */
  readonly maskBytes?: number;
  /** im2col columns of one image, reused for every image ('image', the default: the executor, and
   *  frameworks that convolve image by image), or of the whole batch at once ('batch', as PyTorch's
   *  native CPU convolution slow_conv2d lays them out; an upper bound). */
  readonly workspace?: 'batch' | 'image';
  /** Count each layer's weight gradient as a temporary before it is added into the persistent
   *  gradient (PyTorch's AccumulateGrad; default true). */
  readonly gradientTemporaries?: boolean;
  /** The caller holds the network's outputs through backward and the step (PyTorch: `out = net(x)`
   *  lives until the step returns, beside the gradients formed from it); false (the default, the
   *  executor): the loss gradient is written over the output. */
  readonly outputHeld?: boolean;
  /** The channel block of the runtime's convolution library (oneDNN: 8 with AVX2, 16 with
   *  AVX-512), whose backward works on blocked copies (layers/<kind>.ts training.scratch); null
   *  (the default): convolutions on plain layouts with im2col columns. */
  readonly channelBlock?: number | null;
  /** How the optimizer updates: 'single-tensor' (PyTorch 1.13, and the default), one parameter
   *  tensor at a time, or 'foreach' (PyTorch 2 on CUDA), all at once (precision.ts). */
  readonly optimizerImplementation?: OptimizerImplementation;
  /** The parameters' gradients between steps: 'kept' (zero_grad(set_to_none=False), PyTorch 1.13's
   *  default; the default here) or 'none' (set_to_none=True, PyTorch 2's default): then they exist
   *  only from backward, where each layer's is formed, to the optimizer step. */
  readonly gradients?: 'kept' | 'none';
  /** Count the optimizer step's temporaries (default true). */
  readonly optimizerTemporaries?: boolean;
  /** Whose saving rules (layers/types.ts Saving: default 'executor'); `cnncalc budget` passes
   *  'pytorch', whose LRN keeps two tensors more. */
  readonly saving?: Saving;
  /** The GPU terms under PyTorch's caching allocator (cuda.ts): when given, the estimate reports
   *  allocated and reserved bytes, the context and the workspaces, and its total is what the GPU
   *  must hold; null (the default): a plain peak of the tensors' bytes. */
  readonly cuda?: CudaOptions | null;
}

/** The options with every default applied. */
export function resolveOptions(o: ModelOptions): Required<ModelOptions> {
  return {
    dtype: o.dtype,
    optimizer: o.optimizer,
    inference: o.inference,
    reserve: o.reserve ?? 0,
    platform: o.platform ?? 0,
    platformGroupedDilated: o.platformGroupedDilated ?? 0,
    indexBytes: o.indexBytes ?? 8,
    maskBytes: o.maskBytes ?? 1,
    channelBlock: o.channelBlock ?? null,
    optimizerImplementation: o.optimizerImplementation ?? 'single-tensor',
    workspace: o.workspace ?? 'image',
    gradientTemporaries: o.gradientTemporaries ?? true,
    outputHeld: o.outputHeld ?? false,
    optimizerTemporaries: o.optimizerTemporaries ?? true,
    gradients: o.gradients ?? 'kept',
    saving: o.saving ?? 'executor',
    cuda: o.cuda ?? null,
  };
}
