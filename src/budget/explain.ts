// The memory model in words: printed by `cnncalc budget --explain` and copied verbatim into
// docs/budget.md (test/budget/explain.test.ts checks they agree). Keep it in step with precision.ts,
// training/plan.ts, moments.ts and estimate.ts.

import { backwardKeepsLines, trainableKinds } from '../layers/docs.js';
import { wrapWords } from '../util/wrap.js';
import { RUNTIMES } from './runtimes.js';

const TRAINABLE = trainableKinds();

/** --runtime's choices, from budget/runtimes.ts. */
const RUNTIME_LINES = Object.values(RUNTIMES).flatMap((r) => {
  const text = `${r.about}; ${r.measured ? `measured against ${r.measured}` : 'modelled, not yet measured'}`;
  return wrapWords(text, 80).map((line, i) => `  ${(i === 0 ? r.name : '').padEnd(14)}${line}`);
}).join('\n');

/** The kinds' "what backward keeps" lines come from their declarations (layers/<kind>.ts docs). */
export const EXPLAIN = `How cnncalc budget estimates the memory of one training step

Every figure is an exact number of bytes for the batch B. P is the number of parameters (weights and
biases; BN's running statistics are added to the parameters term at the same precision, without
gradients or state).

Bytes per element by --dtype:
  dtype   weights                        gradients  optimizer state  activations, gradient buffers, input, im2col
  fp32    4                              4          4                4
  fp16    2                              2          2                2
  bf16    2                              2          2                2
  mixed   6 = fp32 master + fp16 copy    4 (fp32)   4 (fp32)         2
'mixed' is automatic mixed precision (torch.autocast, apex O2): the optimizer updates fp32 master
weights, the layers compute with a half-precision copy of each weight, gradients arrive on the fp32
master weights, the optimizer state is fp32, and activations, backward's gradient buffers, the
input batch and im2col columns are half precision. Max-pooling indices take 8 bytes (int64, as
PyTorch) and dropout masks 1 byte, whatever the dtype.

The terms:
  parameters      P x weight bytes
  gradients       P x gradient bytes; a training loop keeps them between steps (zero_grad fills
                  them with zeros), so they are live all the time; with --set-to-none
                  (zero_grad(set_to_none=True), PyTorch 2's default) each layer's exists from its
                  backward to the optimizer step, and has no AccumulateGrad temporary
  optimizer state P x state bytes x copies: sgd 0; momentum, nesterov (momentum buffer), rmsprop
                  (square average), adagrad (sum of squares) 1; adam, adamw (first and second
                  moments) 2
  activations     what backward needs, kept from the forward pass, x B, by the layers backward
                  differentiates: from the first ${TRAINABLE} on (nothing before it
                  needs a gradient, so those layers keep nothing):
${backwardKeepsLines(20, 18, 100).join('\n')}
                  A buffer kept by several layers counts once; the input batch is its own term.
  backward peak   the largest set of gradient buffers while one layer is differentiated: the
                  gradient of its output and of its input (x B; none for the input batch nor for
                  the layers before the first ${TRAINABLE}, which need no gradient; an
                  in-place RELU's backward writes a new buffer) plus the
                  layer's freshly computed weight gradient, which exists until it is added into
                  the persistent gradient (PyTorch's AccumulateGrad)
  workspace       the largest im2col column buffer, [f*f*D x outW*outH] per image for a CONV
                  (all groups together; 363 x 3025 for AlexNet's conv1), one image's worth,
                  reused image after image (as the executor does; the library's workspace
                  option 'batch' counts the whole batch at once, as PyTorch's native CPU
                  convolution lays it out, an upper bound)
  input           the input batch, W*H*D x B
  optimizer temporaries  what one parameter tensor's update allocates in PyTorch's single-tensor
                  optimizers (pytorch-cpu), freed before the next tensor: adam, adamw 2 copies of
                  the largest parameter tensor (the square root of the second moment and its
                  quotient by the bias correction, live together); nesterov, rmsprop, adagrad 1;
                  sgd, momentum 0. PyTorch 2's foreach optimizers (pytorch-cuda) update all the
                  tensors at once: adam, adamw, nesterov, rmsprop, adagrad 1 copy of all the
                  parameters; sgd, momentum 0
  reserve         what the driver and ECC keep out of the card's capacity, and a margin for the
                  allocator's fragmentation across moments. 0 with --limit; each --device has a
                  documented default; --reserve replaces it
  platform        the runtime's fixed cost, library code the step pages in (the CPU's
                  counterpart of a CUDA context): pytorch-cpu 15 MiB, 18.5 MiB when a convolution
                  is grouped or dilated (oneDNN's other kernels), the medians of the measured
                  process peak less the allocator's peak over the fit half (12.0 to 16.1 MiB
                  without, 18.0 to 19.0 with); 0 for the others (a GPU's context is a term of
                  its own)

Under pytorch-cuda (modelled, not measured), PyTorch's caching allocator holds every tensor
(c10/cuda/CUDACachingAllocator.cpp, PyTorch 2.x):
  allocated       the largest moment's blocks: each tensor rounded up to a multiple of 512 bytes
                  (torch.cuda.max_memory_allocated's counterpart)
  reserved        the largest moment's segments (max_memory_reserved's counterpart), which decide
                  an out-of-memory: blocks up to 1 MiB share 2 MiB segments (their sum rounded up
                  to 2 MiB), blocks of 1 to 10 MiB share 20 MiB segments (first fit, largest
                  first), larger blocks each get a segment of their own rounded up to 2 MiB
  context         the CUDA context, 400 MiB by default (PyTorch 2 with lazy module loading:
                  about 300 to 400 MB, pytorch/pytorch#107667 and #109888); --context replaces it
  workspaces      cuBLAS: one workspace per handle, 8,519,680 bytes (4096 KiB x 2 + 16 KiB x 8,
                  PyTorch's default) or 32 MiB on compute capability 9.x (H100, H200), two
                  handles in training (the autograd engine runs backward on a thread of its own),
                  one at inference; --cublas-workspace gives one handle's. cuDNN: each
                  convolution's workspace, a block of its moment (inside allocated and
                  reserved): by default its im2col columns for one image (the workspace term);
                  --cudnn-workspace gives a fixed size per convolution
  total           reserved + context + cuBLAS workspaces + reserve: what the GPU must hold

The total is a real peak, not a sum of these terms. Parameters, gradients, optimizer state, reserve,
platform and the input batch are live throughout the step; on top of them, each moment holds:
  forward, layer i    the saved tensors made by layers up to i, layer i's input and output
                      buffers when no layer keeps them, and layer i's im2col columns
  backward, layer i   (last layer first, each layer differentiated) the saved tensors a layer
                      up to i still needs (a saved tensor is freed once the first layer that
                      needs it has been differentiated), layer i's gradient buffers and
                      weight-gradient temporary, its im2col columns, and the gradients that
                      wait: at a fan-out into branches the last branch's layer forms the
                      gradient of the layer before them, which lives until that layer is
                      differentiated, while the other branches are
  optimizer step      the optimizer temporaries (activations and gradient buffers are gone)
  total = parameters + gradients + optimizer state + reserve + platform + input + max over the
          moments
With --inference there are no gradients, no optimizer state and nothing kept for backward: each
moment is one layer's input and output (the two largest adjacent activations bound the peak) and
its im2col columns.

Largest batch (--max-batch): at every moment the live bytes are fixed + B x per-image bytes, so the
total fits the limit exactly when B <= floor((limit - fixed) / per-image) for every moment. cnncalc
takes the smallest of these floors and checks it by estimating B and B + 1. Under pytorch-cuda the
segments are not affine in B: that floor bounds the answer from above, and bisection below it
finds the B that fits while B + 1 does not, by the same total the gate compares.

Gates (exit 1 when any fails): the total, reserve included (under pytorch-cuda reserved + context +
cuBLAS workspaces + reserve), against --limit or --device's memory;
--max-params and --max-macs against the network's parameters and multiply-accumulates for one
image; --max-activations against the activations kept for backward (training) or the activation
buffers live at the peak (inference).

Runtimes (--runtime; default pytorch-cuda, which --device implies): whose saving rules each kind
follows (PyTorch's avg_pool2d keeps its input, its LPPool2d a chain of five tensors; the executor's
do not), the sizes of max-pooling indices and dropout masks, and the temporaries counted:
${RUNTIME_LINES}

Known limits: the model follows PyTorch's eager mode and what it saves; other frameworks, fused
kernels, the workspace of the algorithm cuDNN actually picks, activation checkpointing,
channels-last reorders and the allocator's fragmentation across moments are not modelled (the
reserve is where they belong). Under the PyTorch
runtimes, LRN's and LPPool2d's chains of operations allocate temporaries in backward, and under
pytorch-cpu a convolution's backward works on oneDNN's channel-blocked copies and needs no im2col
columns (each traced with torch.profiler on PyTorch 1.13, AVX2). Branches (concat, add) are simulated in the order
of the layers. Temporaries of element-wise layers during their own forward pass (LRN's intermediate
products) are not counted. Against PyTorch 1.13 on CPU (four measured cases), with a 16 MiB
reserve for the CPU runtime (library code and kernels first touched by the step), the total is
within 0.2% of the measured peak for VGG16 and AlexNet and 3.3% for LeNet-5; see docs/budget.md.
`;
