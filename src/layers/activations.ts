// RELU, TANH and SIGMOID: element-wise, no parameters, shape unchanged. Each counts one element
// operation per output element in FLOPs (max(0,x), tanh(x), 1/(1+exp(-x)) each as one operation).

import { elements, SHAPE_KEEPING } from './shared.js';
import type { LayerDef } from './types.js';

function activation<K extends 'relu' | 'tanh' | 'sigmoid'>(kind: K, keyword: string): LayerDef<K> {
  return {
    ...SHAPE_KEEPING,
    kind,
    category: 'activation',
    keywords: [keyword],
    args: [],
    resolve: () => ({}) as never,
    elementOps: (_a, _input, out) => elements(out),
    notesName: () => keyword,
  };
}

export const relu = activation('relu', 'RELU');
export const tanh = activation('tanh', 'TANH');
export const sigmoid = activation('sigmoid', 'SIGMOID');
