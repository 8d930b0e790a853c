// The element-wise kinds as ONNX operators, as the executor computes them
// (exec/kernels/activations*.ts, softmax.ts, dropout.ts): RELU6 is Clip(0, 6); HSWISH and HSIGMOID
// are PyTorch's, x * relu6(x + 3) / 6 and relu6(x + 3) / 6: HardSwish, and HardSigmoid with alpha
// 1/6 and beta 1/2 (ONNX's default alpha is 0.2); SILU is x * sigmoid(x); GELU the exact one,
// x/2 * (1 + erf(x / sqrt 2)) (ONNX's Gelu op came in opset 20: written out, one form for every
// opset); SOFTMAX over the channels (axis 1, one axis from opset 13 on); DROPOUT is the identity at
// inference (Dropout, which onnxruntime runs as such, keeps its ratio visible in Netron).

import type { LayerKind } from '../../layers/types.js';
import { float } from './graph.js';
import type { KindOps, LayerGraph } from './layer-graph.js';

type Pointwise = 'relu' | 'tanh' | 'sigmoid' | 'relu6' | 'silu' | 'hswish' | 'hsigmoid' | 'gelu' | 'softmax' | 'dropout';

const single = (op: string): KindOps<LayerKind> => (_a, l) => l.op(op, [l.inputs[0]!]);

function gelu(l: LayerGraph): string {
  const x = l.inputs[0]!;
  const erf = l.op('Erf', [l.op('Div', [x, l.floats([], [Math.SQRT2])])]);
  return l.op('Mul', [l.op('Mul', [x, l.floats([], [0.5])]), l.op('Add', [erf, l.floats([], [1])])]);
}

export const POINTWISE_OPS: { readonly [K in Pointwise]: KindOps<K> } = {
  relu: single('Relu'),
  tanh: single('Tanh'),
  sigmoid: single('Sigmoid'),
  relu6: (_a, l) => l.op('Clip', [l.inputs[0]!, l.floats([], [0]), l.floats([], [6])]),
  silu: (_a, l) => l.op('Mul', [l.inputs[0]!, l.op('Sigmoid', [l.inputs[0]!])]),
  hswish: (_a, l) => {
    l.requireOpset(14, 'HardSwish');
    return l.op('HardSwish', [l.inputs[0]!]);
  },
  hsigmoid: (_a, l) => l.op('HardSigmoid', [l.inputs[0]!], { alpha: float(1 / 6), beta: float(0.5) }),
  gelu: (_a, l) => gelu(l),
  softmax: (_a, l) => l.op('Softmax', [l.inputs[0]!], { axis: 1 }),
  dropout: (a, l) => l.op('Dropout', [l.inputs[0]!, l.floats([], [a.p])]),
};
