import { librarySource } from './library.mjs';
const lib = await librarySource([
  "export { configureThreads } from './src/exec/threads/pool.ts';",
  "export { nodeThreads } from './src/cli/threads-node.ts';",
  "export { wasmRuntime } from './src/exec/wasm/runtime.ts';",
  "export { winogradConv, winogradInputGradient, winogradWeightGradient } from './src/exec/wasm/winograd.ts';",
]);
lib.configureThreads(lib.nodeThreads(2));
const rt = lib.wasmRuntime();
const shapes = [[64, 64, 224], [64, 128, 112], [128, 128, 112], [128, 256, 56], [256, 256, 56], [256, 512, 28], [512, 512, 28], [512, 512, 14]];
const win = { f: 3, s: 1, p: 1, d: 1, ceil: false };
const colFloats = 64 * 9 * 224 * 224; // VGG16's im2col workspace (conv 1-2)
const col = rt.arena.f32(colFloats);
for (const [C, k, H] of shapes) {
  const geo = { C, H, W: H, k, g: 1, wh: win, ww: win, outH: H, outW: H };
  const x = rt.arena.f32(C * H * H), w = rt.arena.f32(k * C * 9), y = rt.arena.f32(k * H * H), dw = rt.arena.f32(k * C * 9), dx = rt.arena.f32(C * H * H);
  for (const a of [x, w, y]) for (let i = 0; i < a.length; i++) a[i] = Math.random() - 0.5;
  const time = (f) => { f(); const t = []; for (let r = 0; r < 5; r++) { const s = performance.now(); f(); t.push(performance.now() - s); } t.sort((a, b) => a - b); return t[2]; };
  const fw = time(() => lib.winogradConv(geo, 1, x, w, y, col));
  const bx = time(() => lib.winogradInputGradient(geo, y, w, dx, col));
  const bw = time(() => lib.winogradWeightGradient(geo, x, y, dw, col));
  console.log(`${C}->${k} @${H}: fwd ${fw.toFixed(1)}  dX ${bx.toFixed(1)}  dW ${bw.toFixed(1)}  (dX+dW)/fwd ${((bx + bw) / fw).toFixed(2)}`);
  for (const a of [x, w, y, dw, dx]) rt.arena.release?.(a);
}
process.exit(0);
