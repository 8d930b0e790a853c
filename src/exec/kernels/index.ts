// Every kernel, for the library's users and the tests.
export * from './activations.js';
export * from './bn.js';
export * from './conv.js';
export * from './dropout.js';
export * from './fc.js';
export * from './gemm.js';
export * from './im2col.js';
export * from './local.js';
export * from './ln.js';
export * from './lrn.js';
export * from './merge.js';
export * from './pool.js';
export * from './scale.js';
export * from './shuffle.js';
export * from './softmax.js';
