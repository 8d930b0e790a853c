// The three Winograd passes of VGG16's 3x3 convolutions, one layer shape at a time: the forward
// pass, the input gradient and the weight gradient (src/exec/wasm/winograd.ts), each the median of
// 5 timed runs after one untimed, at batch 1 on random data, and the backward's two passes against
// the forward. Why a VGG16 training step costs what it does (README, "The WebAssembly kernels").
//
//   node bench/conv-passes.mjs [--threads N]

import { librarySource } from './library.mjs';

const i = process.argv.indexOf('--threads');
const threads = i >= 0 ? Number(process.argv[i + 1]) : 2;
const lib = await librarySource([
  "export { configureThreads } from './src/exec/threads/pool.ts';",
  "export { nodeThreads } from './src/cli/threads-node.ts';",
  "export { wasmRuntime } from './src/exec/wasm/runtime.ts';",
  "export { winogradConv, winogradInputGradient, winogradWeightGradient } from './src/exec/wasm/winograd.ts';",
]);
lib.configureThreads(lib.nodeThreads(threads));
const rt = lib.wasmRuntime();

// [input channels, filters, side]: VGG16's 3x3 layers but the first (3 channels: im2col + GEMM)
const SHAPES = [[64, 64, 224], [64, 128, 112], [128, 128, 112], [128, 256, 56], [256, 256, 56], [256, 512, 28], [512, 512, 28], [512, 512, 14]];
const WINDOW = { f: 3, s: 1, p: 1, d: 1, ceil: false };
const col = rt.arena.f32(64 * 9 * 224 * 224); // VGG16's workspace: its largest im2col, conv 2's

function median(f) {
  f();
  const times = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2];
}

console.log(`VGG16's 3x3 convolutions by Winograd, batch 1, ${threads} thread(s); ms, medians of 5`);
for (const [C, k, side] of SHAPES) {
  const geo = { C, H: side, W: side, k, g: 1, wh: WINDOW, ww: WINDOW, outH: side, outW: side };
  const [x, w, y, dw, dx] = [C * side * side, k * C * 9, k * side * side, k * C * 9, C * side * side].map((n) => rt.arena.f32(n));
  for (const t of [x, w, y]) for (let j = 0; j < t.length; j++) t[j] = Math.sin(j);
  const forward = median(() => lib.winogradConv(geo, 1, x, w, y, col));
  const input = median(() => lib.winogradInputGradient(geo, 1, y, w, dx, col));
  const weight = median(() => lib.winogradWeightGradient(geo, 1, x, y, dw, col));
  const ratio = ((input + weight) / forward).toFixed(2);
  console.log(`${C} -> ${k} at ${side}x${side}: forward ${forward.toFixed(1)}, input gradient ${input.toFixed(1)}, weight gradient ${weight.toFixed(1)}; backward / forward ${ratio}`);
}
process.exit(0);
