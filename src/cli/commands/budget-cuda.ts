// The GPU options of `cnncalc budget` under the pytorch-cuda runtime (budget/cuda.ts): the CUDA
// context, one cuBLAS handle's workspace and each convolution's cuDNN workspace, each with its
// documented default; refused under the CPU runtimes, which have none of them.

import { defaultCudaOptions, type CudaOptions } from '../../budget/cuda.js';
import type { Device } from '../../budget/devices.js';
import type { Runtime } from '../../budget/runtimes.js';
import { parseSize } from '../../util/size.js';
import { UsageError } from '../exit-codes.js';
import type { OptionSpec } from '../options.js';
import { sizeOption } from '../options.js';

export const CUDA_OPTIONS = [
  { name: 'context', type: 'string', value: 'SIZE', description: 'pytorch-cuda: bytes of the CUDA context (default 400MiB, PyTorch 2 with lazy loading)' },
  { name: 'cublas-workspace', type: 'string', value: 'SIZE', description: "pytorch-cuda: one cuBLAS handle's workspace, two in training (default by --device: 32MiB on Hopper, 8,519,680 bytes otherwise and with --limit)" },
  { name: 'cudnn-workspace', type: 'string', value: 'SIZE', description: "pytorch-cuda: each convolution's cuDNN workspace (default: its im2col columns for one image)" },
] as const satisfies readonly OptionSpec[];

type Values = { readonly [K in (typeof CUDA_OPTIONS)[number]['name']]?: string | boolean };

/** The GPU terms for this run, or null under a CPU runtime (where giving any of them is an error). */
export function cudaOptions(values: Values, runtime: Runtime, device: Device | null): CudaOptions | null {
  const size = (name: (typeof CUDA_OPTIONS)[number]['name']): number | undefined => sizeOption(values[name] as string | undefined, name, parseSize);
  if (!runtime.gpu) {
    const given = CUDA_OPTIONS.find((o) => values[o.name] !== undefined);
    if (given) throw new UsageError(`--${given.name} is a GPU term: it applies under --runtime pytorch-cuda, not ${runtime.name}`);
    return null;
  }
  const defaults = defaultCudaOptions(device);
  return {
    context: size('context') ?? defaults.context,
    cublasWorkspace: size('cublas-workspace') ?? defaults.cublasWorkspace,
    cudnnWorkspace: size('cudnn-workspace') ?? defaults.cudnnWorkspace,
  };
}
