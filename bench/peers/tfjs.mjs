// TensorFlow.js's WebAssembly backend (XNNPACK, SIMD where the engine has it; one thread) running
// the analysed network layer by layer in NHWC, with the executor's weights laid out as tfjs takes
// them: CONV weight [k, C, fh, fw] as filter [fh, fw, C, k] (depthwise: [fh, fw, C, 1]), FC weight
// [n, C*H*W] (cnncalc flattens in C,H,W order) as [H*W*C, n] over the NHWC flattening. Kinds whose
// tfjs operator computes something else (avg pooling over padding, which tfjs leaves out of the
// count; ceil-mode windows) or has none throw, and the benchmark leaves tfjs out for that network.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const wasm = require('@tensorflow/tfjs-backend-wasm');

export async function initTfjs() {
  wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  wasm.setThreadsCount?.(1);
  await tf.setBackend('wasm');
  await tf.ready();
  return { simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') };
}

const paramOf = (l, name) => l.params.find((p) => p.name === name);

function convFilter(w, [k, c, fh, fw]) {
  const f = new Float32Array(w.length); // [fh, fw, c, k]
  for (let o = 0; o < k; o++) for (let i = 0; i < c; i++) for (let y = 0; y < fh; y++) for (let x = 0; x < fw; x++) f[((y * fw + x) * c + i) * k + o] = w[((o * c + i) * fh + y) * fw + x];
  return f;
}

function fcMatrix(w, n, { c, h, w: width }) {
  const m = new Float32Array(w.length); // [h*width*c, n]
  for (let j = 0; j < n; j++) for (let i = 0; i < c; i++) for (let y = 0; y < h; y++) for (let x = 0; x < width; x++) m[((y * width + x) * c + i) * n + j] = w[j * c * h * width + (i * h + y) * width + x];
  return m;
}

function convLayer(l, windows) {
  const a = l.layer.args;
  const C = l.inDims[0].c;
  const weight = paramOf(l, 'weight');
  const bias = paramOf(l, 'bias');
  const { height: h, width: w } = windows;
  const pad = [[0, 0], [h.p, h.p], [w.p, w.p], [0, 0]];
  const b = bias ? tf.tensor1d(bias.data) : null;
  let op;
  if (a.g === 1) {
    const f = tf.tensor4d(convFilter(weight.data, weight.shape), [h.f, w.f, C, a.k]);
    op = (x) => tf.conv2d(x, f, [h.s, w.s], pad, 'NHWC', [h.d, w.d]);
  } else if (a.g === C && a.k === C) {
    const f = tf.tensor4d(convFilter(weight.data, [1, C, h.f, w.f]), [h.f, w.f, C, 1]);
    op = (x) => tf.depthwiseConv2d(x, f, [h.s, w.s], pad, 'NHWC', [h.d, w.d]);
  } else throw new Error(`tfjs: grouped CONV (g=${a.g})`);
  return b ? (x) => tf.add(op(x), b) : op;
}

function poolLayer(l, windows) {
  const a = l.layer.args;
  if (a.global) return (x) => (a.mode === 'max' ? tf.max(x, [1, 2], true) : a.mode === 'avg' ? tf.mean(x, [1, 2], true) : fail('l2 POOL'));
  const { height: h, width: w } = windows;
  if (h.ceil || a.outh !== null || a.mode === 'l2' || (a.mode === 'avg' && (h.p || w.p)) || h.p !== w.p) fail('this POOL');
  const pad = h.p === 0 ? 'valid' : h.p;
  return (x) => (a.mode === 'max' ? tf.maxPool : tf.avgPool)(x, [h.f, w.f], [h.s, w.s], pad);
}

function fail(what) {
  throw new Error(`tfjs: ${what} has no equal tfjs operator here`);
}

function fcLayer(l) {
  const weight = paramOf(l, 'weight');
  const bias = paramOf(l, 'bias');
  const n = l.layer.args.n;
  const m = tf.tensor2d(fcMatrix(weight.data, n, l.inDims[0]), [weight.shape[1], n]);
  const b = bias ? tf.tensor1d(bias.data) : null;
  return (x) => {
    const y = tf.matMul(tf.reshape(x, [x.shape[0], -1]), m);
    return tf.reshape(b ? tf.add(y, b) : y, [x.shape[0], 1, 1, n]);
  };
}

function bnLayer(l) {
  const [scale, offset, mean, variance] = ['weight', 'bias', 'running_mean', 'running_var'].map((n) => tf.tensor1d(paramOf(l, n).data));
  return (x) => tf.batchNorm(x, mean, variance, offset, scale, l.layer.args.eps);
}

/** One layer as a function of its NHWC inputs. */
function layerOp(l, windowsOf) {
  const kind = l.layer.kind;
  switch (kind) {
    case 'conv': return convLayer(l, windowsOf(l));
    case 'pool': return poolLayer(l, windowsOf(l));
    case 'fc': return fcLayer(l);
    case 'bn': return bnLayer(l);
    case 'relu': return (x) => tf.relu(x);
    case 'relu6': return (x) => tf.relu6(x);
    case 'tanh': return (x) => tf.tanh(x);
    case 'sigmoid': return (x) => tf.sigmoid(x);
    case 'softmax': return (x) => tf.softmax(x);
    case 'dropout': return (x) => x;
    case 'add': return (...xs) => tf.addN(xs);
    case 'concat': return (...xs) => tf.concat(xs, 3);
    default: return fail(kind.toUpperCase());
  }
}

/** The network as a tfjs function of an N,H,W,C batch; throws for a kind it cannot express. */
export function tfjsRunner(net, windowsOf, batch) {
  const ops = net.layers.map((l) => (l.id === 0 ? null : layerOp(l, windowsOf)));
  const { c, h, w } = net.layers[0].out;
  const out = net.layers[net.output].out;
  const forward = (x) => tf.tidy(() => {
    const values = [x];
    for (const l of net.layers.slice(1)) values[l.id] = ops[l.id](...l.inputs.map((i) => values[i]));
    return values[net.output];
  });
  return {
    name: 'tfjsWasm1t',
    /** One forward pass of `input` (N,C,H,W data, laid out as NHWC outside the timing by prepare). */
    prepare: (input) => tf.transpose(tf.tensor4d(input, [batch, c, h, w]), [0, 2, 3, 1]),
    run: async (x) => {
      const y = forward(x);
      const data = await y.data();
      y.dispose();
      return data;
    },
    /** An NHWC output as N,C,H,W, for the check against the executor. */
    toNchw: (data) => tf.tidy(() => tf.transpose(tf.tensor4d(data, [batch, out.h, out.w, out.c]), [0, 3, 1, 2]).dataSync()),
  };
}
