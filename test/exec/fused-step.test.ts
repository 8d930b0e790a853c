// The optimizer's step taken during the backward pass, each parameter's as soon as its gradient is
// final (backward.ts), or inside the kernel that writes the gradient (kernels.as fcBackward,
// winogradFilterAdjoint and winograd4FilterAdjoint),
// against the step taken after the whole pass: the same bits, for every optimizer, over two steps
// (momentum's first step, Adam's bias corrections), with weights shared by two layers, on one
// thread and two. And gradients that are each pass' own, as after PyTorch's zero_grad().

import { afterAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../src/cli/threads-node.js';
import { backward } from '../../src/exec/backward.js';
import { forward } from '../../src/exec/forward.js';
import { createOptimizer, OPTIMIZER_NAMES, type OptimizerName } from '../../src/exec/optim/optimizers.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom, fillUniform } from '../../src/exec/random.js';
import { setUpSession, type SessionSetup } from '../../src/exec/session.js';
import { configureThreads } from '../../src/exec/threads/pool.js';
import type { ConvGeometry } from '../../src/exec/network.js';
import { wasmFcBackward } from '../../src/exec/wasm/gemm.js';
import { wasmOptimize } from '../../src/exec/wasm/optimize.js';
import { winogradWeightGradient } from '../../src/exec/wasm/winograd.js';
import { analysisOf } from '../helpers.js';
import { randomArray } from './naive.js';
import { expectSameBits, inWasm } from './wasm/helpers.js';

const NETS = [
  // FC-8 and FC-3 have input gradients: the WebAssembly FC backward runs, and updates their weights
  'INPUT [6x6x2] => CONV(k=3) => RELU => FC-8 => RELU => FC-3',
  // the shared FC's gradient is final only after its second use (the lower id)
  'let shared t = FC-6 => TANH\nINPUT [1x1x6] => CONV(f=1, k=6) => t => t => FC-2',
  'INPUT [8x8x4] => CONV(k=4, bias=no) => BN => RELU => { CONV(k=4) => RELU + ID } => GAP => FC-3',
  // convolutions that write their gradients in WebAssembly: Winograd (shared by two uses) and depthwise
  'let shared c = CONV(k=8) => RELU\nINPUT [12x12x8] => c => c => CONV(k=8, g=8) => GAP => FC-2',
  // the second CONV's weight steps inside its Winograd filter adjoint, after its input gradient read it
  'INPUT [16x16x8] => CONV(k=8) => RELU => CONV(k=8) => RELU => FC-2',
  // at 28x28 the weight gradient runs Winograd F(4x4, 3x3), the step inside its own filter adjoint
  'INPUT [28x28x8] => CONV(k=8) => RELU => CONV(k=8) => RELU => FC-2',
];

/** One training step's forward and backward; `during`: the step inside the backward pass, else after it. */
function trainStep(s: SessionSetup, batch: number, during: boolean): void {
  const pass = forward(s.net, s.input, batch, { train: true, tracker: s.tracker, random: s.random });
  const target = new Float32Array(pass.values[s.net.output]!.length);
  fillUniform(target, createRandom(9), 0, 1);
  if (during) {
    backward(pass, target, undefined, undefined, s.optimizer!.begin());
  } else {
    backward(pass, target);
    s.optimizer!.step(s.params.map((p) => ({ data: p.data, grad: p.grad! })));
  }
}

function expectSameStep(source: string, batch: number, optimizer: OptimizerName): void {
  const o = { batch, seed: 7, train: true, optimizer };
  const [during, after] = [setUpSession(analysisOf(source), o), setUpSession(analysisOf(source), o)];
  for (let step = 1; step <= 2; step++) {
    trainStep(during, batch, true);
    trainStep(after, batch, false);
    during.params.forEach((p, i) => {
      expectSameBits(p.grad!, after.params[i]!.grad!, false, `step ${step}, ${optimizer}, parameter ${i}'s gradient, element`);
      expectSameBits(p.data, after.params[i]!.data, false, `step ${step}, ${optimizer}, parameter ${i}, element`);
    });
  }
}

for (const threads of [1, 2]) {
  describe(`the step during the backward pass, on ${threads} thread${threads > 1 ? 's' : ''}`, () => {
    afterAll(() => configureThreads({ threads: 1 }));
    it.each(NETS)('equals the step after it, for every optimizer: %s', (source) => {
      configureThreads(nodeThreads(threads));
      // batches 1 and 2 take the WebAssembly FC backward (up to 4 images; one image has a loop of
      // its own); 5, the reference's two GEMMs
      for (const optimizer of OPTIMIZER_NAMES) for (const batch of [1, 2, 5]) expectSameStep(source, batch, optimizer);
    });
  });
}

describe('gradients of a pass', () => {
  it.each(NETS)('are its own: a second pass at the same weights gives the same gradients, not twice them: %s', (source) => {
    const s = setUpSession(analysisOf(source), { batch: 2, seed: 3, train: true, optimizer: 'sgd' });
    const gradients = (): Float32Array[] => {
      const pass = forward(s.net, s.input, 2, { train: true, tracker: s.tracker, random: createRandom(1) });
      const target = new Float32Array(pass.values[s.net.output]!.length).fill(0.5);
      backward(pass, target);
      return s.params.map((p) => p.grad!.slice());
    };
    const first = gradients();
    expect(first.some((g) => g.some((v) => v !== 0))).toBe(true);
    gradients().forEach((g, i) => expectSameBits(g, first[i]!, false, `parameter ${i}'s gradient, element`));
  });
});

describe('the Winograd weight gradient with the weight\'s step (kernels.as winogradFilterAdjoint)', () => {
  it('gives the gradient and weights of the kernel without it followed by the step, for every optimizer, and says so once', () => {
    // 9 channels (two of four and one more), 6 filters, two images of 10 x 10, padding 1
    const win = { f: 3, s: 1, p: 1, d: 1, ceil: false };
    const geo: ConvGeometry = { C: 9, H: 10, W: 10, k: 6, g: 1, wh: win, ww: win, outH: 10, outW: 10 };
    const [x, dy] = [inWasm(randomArray(2 * 9 * 100, 1)), inWasm(randomArray(2 * 6 * 100, 2))];
    const col = inWasm(new Float32Array(16 * 6 * 9 + 16 * (9 + 6) * 25));
    for (const optimizer of OPTIMIZER_NAMES) {
      const made = (): { w: Float32Array; dw: Float32Array; state: Float32Array[] } => ({
        w: inWasm(randomArray(6 * 9 * 9, 3)), dw: inWasm(new Float32Array(6 * 9 * 9)),
        state: [inWasm(randomArray(6 * 9 * 9, 5).map(Math.abs)), inWasm(randomArray(6 * 9 * 9, 6).map(Math.abs))],
      });
      const [fused, apart] = [made(), made()];
      const update = { ...createOptimizer(optimizer, new Tracker()).begin(), stateOf: () => fused.state };
      let done = 0;
      expect(winogradWeightGradient(geo, 2, x, dy, fused.dw, col, true, { weight: fused.w, step: { update, done: () => done++ } })).toBe(true);
      expect(done).toBe(1);
      expect(winogradWeightGradient(geo, 2, x, dy, apart.dw, col, true)).toBe(true);
      expect(wasmOptimize(update.kind, apart.w, apart.dw, apart.state, update.constants)).toBe(true);
      expectSameBits(fused.dw, apart.dw, false, `${optimizer}: dW element`);
      expectSameBits(fused.w, apart.w, false, `${optimizer}: W element`);
      fused.state.forEach((st, i) => expectSameBits(st, apart.state[i]!, false, `${optimizer}: state ${i} element`));
    }
  });
});

describe('the FC backward kernel with the weight\'s step (kernels.as fcBackward)', () => {
  it('gives the gradients and weights of the kernel without it followed by the step, for every optimizer', () => {
    // 37 inputs: nine vectors of four and a tail of one; 11 outputs; up to 4 images
    const [inputs, n] = [37, 11];
    for (const optimizer of OPTIMIZER_NAMES) {
      for (const batch of [1, 4]) {
        for (const fresh of [true, false]) {
          const x = inWasm(randomArray(batch * inputs, 1));
          // rows 1, 3, 4 and 8 silent (zero in every image): skipped under SGD, the four rows before and
          // the three after them taken together at one image; stepped at a zero gradient otherwise
          const dy = inWasm(randomArray(batch * n, 2).map((v, i) => ([1, 3, 4, 8].includes(i % n) ? 0 : v)));
          const made = (): { w: Float32Array; dw: Float32Array; dx: Float32Array; state: Float32Array[] } => ({
            w: inWasm(randomArray(n * inputs, 3)), dw: inWasm(randomArray(n * inputs, 4)), dx: inWasm(new Float32Array(batch * inputs)),
            state: [inWasm(randomArray(n * inputs, 5).map(Math.abs)), inWasm(randomArray(n * inputs, 6).map(Math.abs))],
          });
          const [fused, apart] = [made(), made()];
          const tracker = new Tracker();
          const update = { ...createOptimizer(optimizer, tracker).begin(), stateOf: () => fused.state };
          let done = 0;
          expect(wasmFcBackward(batch, inputs, n, x, dy, fused.w, fused.dw, fused.dx, { fresh, finite: true }, { update, done: () => done++ })).toBe(true);
          expect(done).toBe(1);
          expect(wasmFcBackward(batch, inputs, n, x, dy, apart.w, apart.dw, apart.dx, { fresh, finite: false }, null)).toBe(true);
          expect(wasmOptimize(update.kind, apart.w, apart.dw, apart.state, update.constants)).toBe(true);
          const what = `${optimizer}, batch ${batch}${fresh ? ', fresh' : ''}`;
          expectSameBits(fused.dw, apart.dw, false, `${what}: dW element`);
          expectSameBits(fused.dx, apart.dx, false, `${what}: dx element`);
          expectSameBits(fused.w, apart.w, false, `${what}: W element`);
          fused.state.forEach((s, i) => expectSameBits(s, apart.state[i]!, false, `${what}: state ${i} element`));
        }
      }
    }
  });

  it('skips a silent row (dy zero in every image) only where that leaves the figures as they are', () => {
    // W [2 x 4] at one image; row 0 silent and holding -0, row 1 not
    const x = inWasm([1, 2, 3, 4]);
    const dy = inWasm([0, 2]);
    const weights = [-0, 0.5, -0, 1, 1, 2, 3, 4];
    const run = (lr: number, finite: boolean, w: Float32Array): { dw: Float32Array; dx: Float32Array } => {
      const dw = inWasm(new Float32Array(8).fill(9));
      const dx = inWasm(new Float32Array(4));
      const update = createOptimizer('sgd', new Tracker(), lr).begin();
      wasmFcBackward(1, 4, 2, x, dy, w, dw, dx, { fresh: true, finite }, { update, done: () => {} });
      return { dw, dx };
    };
    // SGD where lr * 0 is +0 leaves a silent row's weights as they are (-0 - 0.01 * +0 is -0); at a
    // negative rate or -0 the row goes through the sweep (-0 - (-0.01 * +0) = -0 + +0 = +0), and at an
    // infinite one too (inf * 0 is NaN): the bits of the step after the pass, every time
    for (const [lr, w0] of [[0.01, -0], [0, -0], [-0.01, 0], [-0, 0], [Infinity, NaN]] as const) {
      const [skipped, swept] = [inWasm(weights), inWasm(weights)];
      const a = run(lr, true, skipped);
      const b = run(lr, false, swept);
      expectSameBits(skipped, swept, false, `lr ${lr}: W element`);
      expectSameBits(a.dw, b.dw, false, `lr ${lr}: dW element`);
      expectSameBits(a.dx, b.dx, false, `lr ${lr}: dx element`);
      expect(Object.is(skipped[0], w0)).toBe(true);
    }
    // not finite: the silent row is read, and 0 * -inf makes dx NaN, as the two GEMMs do
    const { dx } = run(0.01, false, inWasm([-Infinity, 0.5, -0, 1, 1, 2, 3, 4]));
    expect(Number.isNaN(dx[0])).toBe(true);
    expect(Array.from(dx.subarray(1))).toEqual([4, 6, 8]);
  });

  it('writes a fresh gradient over what the buffer held, and adds to it otherwise', () => {
    // one image, one output, four inputs: dW = dy x = 2 * [1, 2, 3, 4]
    const x = inWasm([1, 2, 3, 4]);
    const dy = inWasm([2]);
    const w = inWasm([0, 0, 0, 0]);
    for (const [fresh, expected] of [[true, [2, 4, 6, 8]], [false, [12, 14, 16, 18]]] as const) {
      const dw = inWasm([10, 10, 10, 10]);
      wasmFcBackward(1, 4, 1, x, dy, w, dw, inWasm(new Float32Array(4)), { fresh, finite: true }, null);
      expect(Array.from(dw)).toEqual(expected);
    }
  });

  it('sums a fresh gradient from +0, as the GEMM does: a product of -0 (dy < 0, x = +0) gives +0', () => {
    // four outputs (the rows the kernel takes together) and one more, at one image and at two
    for (const batch of [1, 2]) {
      const [inputs, n] = [6, 5];
      const x = new Float32Array(batch * inputs); // +0, as after a ReLU
      const dy = new Float32Array(batch * n).fill(-0.5);
      const dw = inWasm(new Float32Array(n * inputs).fill(7));
      wasmFcBackward(batch, inputs, n, inWasm(x), inWasm(dy), inWasm(randomArray(n * inputs, 1)), dw, inWasm(new Float32Array(batch * inputs)), { fresh: true, finite: false }, null);
      expectSameBits(dw, new Float32Array(n * inputs), false, `batch ${batch}: dW element`);
    }
  });
});
