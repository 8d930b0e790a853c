// Naive references of the element-wise kinds: INPUT (the batch itself), the activations, DROPOUT
// (torch.nn.Dropout: inverted dropout, an element kept with probability 1 - p and scaled by
// 1/(1-p); the identity at inference) and the sum of branches.

import type { LayerKind } from '../../src/layers/types.js';
import type { Naive, Tensor } from './case.js';

/** f of every element of x's batch (and of its index). */
function map(x: Tensor, batch: number, f: (v: number, i: number) => number): Tensor {
  const data = new Float64Array(batch * x.c * x.h * x.w);
  for (let i = 0; i < data.length; i++) data[i] = f(x.data[i]!, i);
  return { c: x.c, h: x.h, w: x.w, data };
}

/** f of every element, for a kind whose forward pass is that. */
export const pointwise = <K extends LayerKind>(f: (v: number) => number): Naive<K> => ({ batch, inputs: [x] }) => map(x!, batch, (v) => f(v));

export const naiveInput: Naive<'input'> = pointwise((v) => v);
export const naiveRelu: Naive<'relu'> = pointwise((v) => Math.max(0, v));
export const naiveTanh: Naive<'tanh'> = pointwise(Math.tanh);
export const naiveSigmoid: Naive<'sigmoid'> = pointwise((v) => 1 / (1 + Math.exp(-v)));

/** An element is kept where its draw u satisfies u >= p (probability 1 - p). */
export const naiveDropout: Naive<'dropout'> = ({ args: a, batch, train, inputs: [x], uniform }) =>
  map(x!, batch, (v) => (!train ? v : uniform() >= a.p ? v / (1 - a.p) : 0));

export const naiveAdd: Naive<'add'> = ({ batch, inputs }) => {
  const [first, ...others] = inputs;
  return map(first!, batch, (v, i) => others.reduce((s, t) => s + t.data[i]!, v));
};
