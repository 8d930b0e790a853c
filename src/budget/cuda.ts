// The terms a GPU holds outside the tensors of the step, under the pytorch-cuda runtime (modelled,
// not measured; each replaceable on the command line):
//
//   context   the CUDA context: driver state and the kernels loaded into it. With lazy module
//             loading (CUDA 11.7 and later; PyTorch's default, CUDA's own default from 12.2) it is
//             "~300MB" (ptrblck, pytorch/pytorch#107667, 2023) to "around 400MB"
//             (pytorch/pytorch#109888, 2023); the default takes the larger, 400 MiB. --context.
//   cuBLAS    one workspace per cuBLAS handle and stream (aten/src/ATen/cuda/CublasHandlePool.cpp,
//             parseChosenWorkspaceSize: ":4096:2:16:8 default, 32MiB for Hopper", i.e.
//             4096 KiB x 2 + 16 KiB x 8 = 8,519,680 bytes, 4096 KiB x 8 = 33,554,432 bytes on
//             compute capability 9.x (PyTorch 2.6 and later also on 10.x and 12.x);
//             CUBLAS_WORKSPACE_CONFIG overrides it). Handles are per thread, and the autograd engine
//             runs a CUDA backward on a device thread of its own: a training step holds two, an
//             inference pass one. --cublas-workspace gives the bytes of one.
//   cuDNN     a convolution's workspace, the chosen algorithm's, allocated through the caching
//             allocator around the call and freed after it, so it is a block of that convolution's
//             moment (moments.ts). PyTorch offers cuDNN at most the memory it could allocate, and
//             the heuristics' choice is not known before the run: the default is the bound of an
//             explicit-GEMM algorithm, the layer's im2col columns for one image; --cudnn-workspace
//             gives a fixed size per convolution instead.

const MiB = 2 ** 20;

export const DEFAULT_CONTEXT = 400 * MiB;

/** The cuBLAS workspace of one handle by compute capability ("major.minor"). */
export function cublasWorkspaceFor(capability: string): number {
  const major = Number(capability.split('.')[0]);
  return major === 9 || major === 10 || major === 12 ? 4096 * 8 * 1024 : 4096 * 1024 * 2 + 16 * 1024 * 8;
}

/** What --limit runs assume when no device names the architecture: an Ampere-class card (8.0). */
export const DEFAULT_CAPABILITY = '8.0';

/** The GPU terms when none is given: the default context, the device's (or an Ampere card's) cuBLAS
 *  workspace, and each convolution's own cuDNN bound. */
export function defaultCudaOptions(device: { readonly capability: string } | null): CudaOptions {
  return { context: DEFAULT_CONTEXT, cublasWorkspace: cublasWorkspaceFor(device?.capability ?? DEFAULT_CAPABILITY), cudnnWorkspace: null };
}

export interface CudaOptions {
  /** Bytes of the CUDA context. */
  readonly context: number;
  /** Bytes of one cuBLAS handle's workspace. */
  readonly cublasWorkspace: number;
  /** Bytes of each convolution's cuDNN workspace; null: its im2col columns for one image. */
  readonly cudnnWorkspace: number | null;
}

/** cuBLAS handles a step holds (one per thread that calls cuBLAS). */
export function cublasHandles(inference: boolean): number {
  return inference ? 1 : 2;
}
