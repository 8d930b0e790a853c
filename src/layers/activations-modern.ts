// The activations of notation v3 (modern ConvNets): RELU6 = min(max(0,x),6) (MobileNetV2),
// SILU / SWISH = x sigmoid(x) (EfficientNet), HSWISH / HARDSWISH = x relu6(x+3)/6 and
// HSIGMOID / HARDSIGMOID = relu6(x+3)/6 (MobileNetV3), GELU = x Phi(x) = x (1 + erf(x/sqrt 2))/2
// in its exact erf form (ConvNeXt; torch's default approximate='none'). Each counts as one element
// operation per output element, like SIGMOID's 1/(1+exp(-x)): the FLOPs convention counts a
// function, not the arithmetic inside it (GELU's erf included).
//
// None runs in place. torchvision writes nn.ReLU6(inplace=True), nn.Hardswish(inplace=True) and
// nn.SiLU(inplace=True) (Conv2dNormActivation's inplace=True; the squeeze-excitation's
// nn.Hardsigmoid() is not in place), but in PyTorch 1.13 the in-place forms save a copy of their
// input for backward: checked on a CONV(f=1) output h with grad_fn._saved_self, which is h itself
// out of place, and in place a tensor of another data_ptr holding h's original values (hardtanh_,
// silu_, hardswish_, hardsigmoid_ alike; bench/torchvision/activations.py prints it). So in place
// a step keeps the same two W x H x D tensors (the copy and the shared buffer) as out of place (the
// input and the output). Measured with bench/torch-memory/measure.py --mode alloc (torch.profiler's
// memory events) on INPUT [32x32x16] => (CONV3-32 => BN => act) x 2 => GAP => FC-10 at batch 16,
// sgd: RELU and TANH peak at 13,784,680 bytes, each of these five at 15,881,832 in place and out of
// place alike; the budget (pytorch-cpu) predicts 13,783,760 and 15,880,912: the same 2,097,152 more
// (one 32x32x32 tensor of the batch). The declarations say out of place, which the export writes
// and the budget predicts under both saving rules; an in-place declaration would need a copy that
// only an in-place run makes. Under PyTorch's rules every one keeps its input (_saved_self: relu6
// is hardtanh(0, 6), whose formula reads self; gelu saves self and approximate='none'). The
// executor keeps the output where the derivative follows from it: RELU6 passes dy where
// 0 < y < 6, HSIGMOID gives dy/6 where 0 < y < 1; SILU, HSWISH and GELU are not monotone, so their
// derivatives need x.

import { activation, SIGNED } from './activations.js';
import { READS } from './shared.js';
import type { Saving } from './types.js';

const outputOrPytorchInput = (_args: unknown, saving: Saving) => ({ input: saving === 'pytorch', output: saving === 'executor' });
const INPUT_KEEPS = 'its input (PyTorch saves self; the derivative needs x)';

export const relu6 = activation('relu6', {
  keywords: ['RELU6'],
  traits: { nonNegative: true, clipsAtZero: true, ceiling: 6, unitInterval: false },
  inPlace: false,
  reads: outputOrPytorchInput,
  module: () => 'nn.ReLU6()',
  formula: 'min(max(0,x),6)',
  keeps: "its output (the executor passes the gradient where 0 < y < 6); under PyTorch's rules its input (relu6 is hardtanh, whose backward reads x)",
});
export const silu = activation('silu', {
  keywords: ['SILU', 'SWISH'],
  traits: SIGNED,
  inPlace: false,
  reads: READS.input,
  module: () => 'nn.SiLU()',
  formula: 'x/(1+exp(-x))',
  keeps: INPUT_KEEPS,
});
export const hswish = activation('hswish', {
  keywords: ['HSWISH', 'HARDSWISH'],
  traits: SIGNED,
  inPlace: false,
  reads: READS.input,
  module: () => 'nn.Hardswish()',
  formula: 'x*relu6(x+3)/6',
  keeps: INPUT_KEEPS,
});
export const hsigmoid = activation('hsigmoid', {
  keywords: ['HSIGMOID', 'HARDSIGMOID'],
  traits: { nonNegative: true, clipsAtZero: false, ceiling: null, unitInterval: true },
  inPlace: false,
  reads: outputOrPytorchInput,
  module: () => 'nn.Hardsigmoid()',
  formula: 'relu6(x+3)/6',
  keeps: "its output (the executor's gradient is dy/6 where 0 < y < 1); under PyTorch's rules its input (hardsigmoid_backward reads x)",
});
export const gelu = activation('gelu', {
  keywords: ['GELU'],
  traits: SIGNED,
  inPlace: false,
  reads: READS.input,
  module: () => 'nn.GELU()',
  formula: 'x*(1+erf(x/sqrt(2)))/2',
  keeps: INPUT_KEEPS,
});
