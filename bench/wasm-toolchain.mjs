// The toolchain choice for src/exec/wasm (kernels.as's header): the same 4x8 f32x4 micro-kernel
// written in WAT (assembled with wabt, optimised with binaryen -O3) and in AssemblyScript (asc -O3,
// which runs binaryen itself), timed interleaved on one packed panel pair in L1:
//
//   node bench/wasm-toolchain.mjs [--runs N]
//
// Each call runs the micro-kernel `reps` times over kc = 256 steps (no memory traffic beyond L1),
// so the figure is the instruction sequence's own speed, as V8's optimising compiler makes it
// (below). Prints GFLOP/s (2 x 32 per step) for each.

import asc from 'assemblyscript/asc';
import { setFlagsFromString } from 'node:v8';
import binaryen from 'binaryen';
import wabtInit from 'wabt';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 9) || 9;

// tile(kc, pa, pb, c): C[4x8] = A panel [kc x 4] * B panel [kc x 8]; run(reps, ...) repeats it
const step = (r) => `
      (local.set $a (v128.load32_splat offset=${r * 4} (local.get $pa)))
      (local.set $c${r}0 (f32x4.add (local.get $c${r}0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c${r}1 (f32x4.add (local.get $c${r}1) (f32x4.mul (local.get $a) (local.get $b1))))`;
const locals = [0, 1, 2, 3].map((r) => `(local $c${r}0 v128) (local $c${r}1 v128)`).join(' ');
const stores = [0, 1, 2, 3].map((r) => `
    (v128.store offset=${r * 32} (local.get $c) (local.get $c${r}0))
    (v128.store offset=${r * 32 + 16} (local.get $c) (local.get $c${r}1))`).join('');
const WAT = `(module
  (import "env" "memory" (memory 1 65536 shared))
  (func $tile (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32)
    (local $end i32) (local $a v128) (local $b0 v128) (local $b1 v128) ${locals}
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))${[0, 1, 2, 3].map(step).join('')}
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $pb) (local.get $end))))${stores})
  (func (export "run") (param $reps i32) (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32)
    (loop $r
      (call $tile (local.get $kc) (local.get $pa) (local.get $pb) (local.get $c))
      (br_if $r (local.tee $reps (i32.sub (local.get $reps) (i32.const 1)))))))`;

const AS = `
function tile(kc: i32, pa: usize, pb: usize, c: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16; pb += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c10, 32); v128.store(c, c11, 48);
  v128.store(c, c20, 64); v128.store(c, c21, 80); v128.store(c, c30, 96); v128.store(c, c31, 112);
}
export function run(reps: i32, kc: i32, pa: usize, pb: usize, c: usize): void {
  do tile(kc, pa, pb, c); while (--reps);
}`;

async function fromWat() {
  const wabt = await wabtInit();
  const bytes = wabt.parseWat('tile.wat', WAT, { simd: true, threads: true }).toBinary({}).buffer;
  const module = binaryen.readBinary(bytes);
  module.setFeatures(binaryen.Features.SIMD128 | binaryen.Features.Atomics | binaryen.Features.BulkMemory);
  binaryen.setOptimizeLevel(3);
  module.optimize();
  return module.emitBinary();
}

async function fromAssemblyScript() {
  const { binary, error, stderr } = await asc.compileString({ 'tile.ts': AS }, {
    optimizeLevel: 3, runtime: 'stub', noAssert: true, use: ['abort='], importMemory: true, sharedMemory: true,
    initialMemory: 1, maximumMemory: 65536, noExportMemory: true, enable: ['simd', 'threads'],
  });
  if (error) throw new Error(stderr.toString());
  return binary;
}

// V8 first runs WebAssembly as its baseline compiler (Liftoff) made it and swaps in the optimised
// code for later calls of a hot function (no on-stack replacement): on this machine that took
// 0.5-1.5 s of these long calls, at 2-3 GFLOP/s against 20-30, so that the medians (and some
// runs' best) compared the baseline code, even after 200 short calls first. The bench times the
// optimised code alone, compiled up front. (The executor's kernels, called many times over,
// swap it in early: `cnncalc verify examples/vgg16.cnn` took 1.6-1.8 s with this flag or without.)
setFlagsFromString('--no-liftoff');
const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
new Float32Array(memory.buffer).fill(0.5);
const kc = 256;
const [pa, pb, c] = [0, kc * 16, kc * 16 + kc * 32];
const reps = 20000;
const candidates = [['WAT (wabt + binaryen -O3)', await fromWat()], ['AssemblyScript (asc -O3)', await fromAssemblyScript()]]
  .map(([name, bytes]) => ({ name, bytes: bytes.length, run: new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.run, times: [] }));
for (let r = 0; r <= runs; r++) {
  for (const k of candidates) {
    const t = performance.now();
    k.run(reps, kc, pa, pb, c);
    if (r > 0) k.times.push((performance.now() - t) / 1000);
  }
}
const flops = 2 * 32 * kc * reps;
for (const k of candidates) {
  const best = Math.min(...k.times);
  const median = [...k.times].sort((x, y) => x - y)[k.times.length >> 1];
  console.log(`${k.name.padEnd(28)} ${String(k.bytes).padStart(5)} bytes  best ${(flops / best / 1e9).toFixed(1).padStart(5)} GFLOP/s  median ${(flops / median / 1e9).toFixed(1).padStart(5)}`);
}
