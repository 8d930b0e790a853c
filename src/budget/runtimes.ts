// The runtimes a budget models, as data: whose saving rules apply to each kind (layers/<kind>.ts
// training), the sizes of max-pooling indices and dropout masks, how im2col columns are laid out,
// and which temporaries a step allocates. `cnncalc budget --runtime` picks one; verify uses the
// bundled executor's. `measured` names the measurements the runtime is checked against, or says
// it is modelled only.

import type { Saving } from '../layers/types.js';
import { CUDA_MEASURED } from './cuda-measured.js';
import type { ModelOptions } from './model-options.js';

export const RUNTIME_NAMES = ['pytorch-cuda', 'pytorch-cpu', 'cnncalc'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

export interface Runtime {
  readonly name: RuntimeName;
  readonly about: string;
  /** Where its figures were measured (test/reference/), or null: modelled, not yet measured. */
  readonly measured: string | null;
  readonly saving: Saving;
  /** Bytes of library code the step pages in (the CPU's counterpart of a CUDA context), its own term. */
  readonly platform: number;
  /** Bytes of library code more when a convolution is grouped or dilated. */
  readonly platformGroupedDilated: number;
  /** Whether the step runs on a GPU under PyTorch's caching allocator, with a CUDA context and
   *  cuBLAS/cuDNN workspaces (cuda.ts, cuda-memory.ts). */
  readonly gpu: boolean;
  readonly options: Pick<Required<ModelOptions>, 'indexBytes' | 'maskBytes' | 'channelBlock' | 'optimizerImplementation' | 'workspace' | 'gradientTemporaries' | 'optimizerTemporaries' | 'outputHeld'>;
}

const PYTORCH = { indexBytes: 8, workspace: 'image', gradientTemporaries: true, optimizerTemporaries: true, outputHeld: true } as const;

export const RUNTIMES: { readonly [N in RuntimeName]: Runtime } = {
  'pytorch-cuda': {
    name: 'pytorch-cuda',
    about: "PyTorch 2's eager autograd on a CUDA GPU: int64 max-pooling indices, bool dropout masks, foreach optimizers, the caching allocator's blocks and segments, the CUDA context, cuBLAS and cuDNN workspaces",
    measured: CUDA_MEASURED, // bench/torch-memory/import-cuda.mjs sets it
    saving: 'pytorch',
    platform: 0, // the CUDA context is a term of its own (cuda.ts)
    platformGroupedDilated: 0,
    gpu: true,
    options: { ...PYTORCH, maskBytes: 1, channelBlock: null, optimizerImplementation: 'foreach' },
  },
  'pytorch-cpu': {
    name: 'pytorch-cpu',
    about: "PyTorch's eager autograd on the CPU: int64 max-pooling indices, float dropout masks (4 bytes), oneDNN convolutions on 8-channel blocks (AVX2)",
    measured: 'test/reference/torch-memory/ (PyTorch 1.13, one thread, AVX2)',
    saving: 'pytorch',
    // RSS growth less the allocator's peak over the fit half: 12.0 to 16.1 MiB (median 14.9) without
    // grouped or dilated convolutions, 18.0 to 19.0 (median 18.5) with them (gen06, gen14, gen16),
    // whose oneDNN kernels are others; the held-out half was not looked at (docs/budget.md)
    platform: 15 * 2 ** 20,
    platformGroupedDilated: 3.5 * 2 ** 20,
    gpu: false,
    options: { ...PYTORCH, maskBytes: 4, channelBlock: 8, optimizerImplementation: 'single-tensor' },
  },
  cnncalc: {
    name: 'cnncalc',
    about: "the bundled executor (cnncalc verify --train): int32 indices, byte masks, gradients added in place",
    measured: 'cnncalc verify --train (test/exec/property.test.ts)',
    saving: 'executor',
    platform: 0,
    platformGroupedDilated: 0,
    gpu: false,
    options: { indexBytes: 4, maskBytes: 1, channelBlock: null, optimizerImplementation: 'single-tensor', workspace: 'image', gradientTemporaries: false, optimizerTemporaries: false, outputHeld: false },
  },
};

export function isRuntime(name: string): name is RuntimeName {
  return (RUNTIME_NAMES as readonly string[]).includes(name);
}

/** The model options a runtime sets. */
export function runtimeOptions(r: Runtime): Pick<ModelOptions, 'saving' | 'platform' | 'platformGroupedDilated' | 'indexBytes' | 'maskBytes' | 'channelBlock' | 'optimizerImplementation' | 'workspace' | 'gradientTemporaries' | 'optimizerTemporaries' | 'outputHeld'> {
  return { saving: r.saving, platform: r.platform, platformGroupedDilated: r.platformGroupedDilated, ...r.options };
}
