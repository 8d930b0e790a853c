// The engine's backward pass (forward.ts, backward.ts) on whole networks, branches and in-place
// RELU included, and the v3 constructs: the parameter gradients against finite differences of the loss the engine uses,
// 0.5/B * sum (y - t)^2.

import { describe, it } from 'vitest';
import { backward } from '../../src/exec/backward.js';
import { buildNetwork } from '../../src/exec/build.js';
import { forward } from '../../src/exec/forward.js';
import { ownParams } from '../../src/exec/network.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom, fillUniform } from '../../src/exec/random.js';
import { analysisOf } from '../helpers.js';
import { checkGradients } from './gradcheck.js';

function check(source: string, batch: number): void {
  const analysis = analysisOf(source);
  const net = buildNetwork(analysis, new Tracker(), createRandom(3));
  const first = net.layers[0]!.out;
  const input = new Float32Array(batch * first.c * first.h * first.w);
  fillUniform(input, createRandom(4), -1, 1);
  const lossOf = (): { loss: number; pass: ReturnType<typeof forward> } => {
    const pass = forward(net, input, batch, { train: true, tracker: new Tracker(), random: createRandom(5) });
    return { loss: 0, pass };
  };
  const { pass } = lossOf();
  const out = pass.values[net.output]!;
  const target = new Float32Array(out.length);
  fillUniform(target, createRandom(6), 0, 1);
  backward(pass, target);
  const loss = (): number => {
    const { values } = lossOf().pass;
    const y = values[net.output]!;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (0.5 * (y[i]! - target[i]!) ** 2) / batch;
    // side outputs (v3) join the loss with a target of zero
    for (const side of analysis.network.sideOutputs) for (const v of values[side]!) s += (0.5 * v * v) / batch;
    return s;
  };
  const params = net.layers.flatMap((l) => ownParams(l).filter((p) => p.trainable));
  checkGradients(source, params.map((p) => p.data), params.map((p) => p.grad!), loss, { eps: 1e-3, tolerance: 3e-2, samples: 6 });
}

describe('whole-network gradients', () => {
  it.each([
    ['INPUT [8x8x2] => CONV(k=3) => RELU => POOL2 => FC-4', 2],
    ['INPUT [8x8x2] => CONV(k=4, s=2) => TANH => LRN(size=3) => POOL(f=2, mode=avg) => FC-3 => SIGMOID', 2],
    ['INPUT [6x6x2] => LOCAL(f=3, k=2) => RELU => POOL(f=2, mode=l2) => FC-3 => SOFTMAX', 2],
    ['INPUT [8x8x3] => CONV(k=4) => { CONV(k=2) => TANH | CONV(f=1, k=3) } => CONV(k=2, g=1) => FC-2', 2],
    ['INPUT [8x8x4] => CONV(k=4) => { CONV(k=2, g=2) => SIGMOID | CONV(f=1, k=2) => RELU | POOL(f=3, s=1, p=1) } => FC-2', 2],
    ['INPUT [8x8x4] => CONV(k=4, bias=no) => BN => RELU => { CONV(k=4) => RELU + ID } => GAP => FC-3', 3],
    // parameter-free layers first (not differentiated), TANH => RELU (not in place), fan-out RELUs
    ['INPUT [8x8x2] => POOL2 => TANH => RELU => DROPOUT(0.25) => CONV(k=3) => TANH => FC-3', 2],
    ['INPUT [8x8x2] => POOL2 => TANH => RELU => CONV(k=3) => TANH => RELU => FC-3', 2],
    ['INPUT [6x6x2] => CONV(k=3) => { RELU + ID } => { ID | RELU } => FC-2', 2],
    // notation v3: a gate, a split, a labelled skip with a side output, weights shared by two uses
    ['INPUT [6x6x4] => CONV(k=4) => { ID & GAP => CONV(f=1, k=2) => RELU => CONV(f=1, k=4) => SIGMOID } => FC-2', 2],
    ['INPUT [6x6x4] => CONV(k=4) => { TANH / CONV(f=1, k=3) => RELU } => FC-2', 2],
    ['INPUT [6x6x2] => s: CONV(k=3) => TANH => { ID | @s => CONV(f=1, k=2) } => FC-2\n@s => GAP => FC-2', 2],
    ['let shared t = CONV(k=3) => TANH\nINPUT [6x6x3] => t => t => FC-2', 2],
    // the WebAssembly paths that write a convolution's gradient (the first image's products) and
    // add the rest, after a 1x1 layer so that their input lies in the kernels' memory: Winograd
    // (3x3, 8 channels or more), shared by two uses (the second adds), depthwise
    ['INPUT [12x12x8] => CONV(f=1, k=8) => TANH => CONV(k=8) => TANH => CONV(k=8) => FC-2', 2],
    ['let shared t = CONV(k=8) => TANH\nINPUT [12x12x8] => CONV(f=1, k=8) => TANH => t => t => FC-2', 2],
    ['INPUT [6x6x8] => CONV(f=1, k=8) => TANH => CONV(k=8, g=8) => TANH => FC-2', 2],
  ] as const)('%s', (source, batch) => check(source, batch));
});
