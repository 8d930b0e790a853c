// Per-layer overhead of the executor's forward pass on small networks, where it, not arithmetic,
// bounds the speed (issue #13's goal: under 20 us a layer):
//
//   node bench/overhead.mjs [--runs N]
//
// For the notes' CIFAR-10 net and LeNet-5 at batch 64: each layer's kernel alone (its forward
// called directly on buffers that already exist, median of N calls), summed, against a whole
// forward pass (median of N after a warm-up) in three ways, interleaved:
//   fresh     a new Tracker per pass, so every buffer is new memory (what verify and run pay once)
//   recycled  cnncalc bench's RecyclingTracker: released buffers come back zeroed
//   timed     recycled, with bench's per-layer timer on
// overhead per layer = (pass - sum of the kernels) / layers after INPUT; the machine's noise can
// exceed that difference, so the same passes also run with every kernel replaced by one that does
// nothing (fresh, recycled, and recycled without the plan given: made per pass), 200 passes per
// sample: what is left is the executor's own work per layer, to a few tenths of a microsecond.
// The library is bundled from src/ first (bench/library.mjs), so no build step is needed.

import { librarySource } from './library.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 31) || 31;

const lib = await librarySource([
  "export { compile } from './src/api.ts';",
  "export * from './src/exec/index.ts';",
  "export { forward } from './src/exec/forward.ts';",
  "export { kernelsOf } from './src/exec/build.ts';",
  "export { RecyclingTracker } from './src/exec/bench/recycler.ts';",
  "export { LayerTimes } from './src/exec/bench/timer.ts';",
  "export { median } from './src/exec/bench/bench.ts';",
  "export { planTraining } from './src/training/plan.ts';",
]);

/** No-op passes per sample: one is a few microseconds, below the clock's and the JIT's noise. */
const STUB_PASSES = 200;

const us = (ms) => (ms * 1000).toFixed(1).padStart(9);

function setup(file, batch) {
  const { analysis } = lib.compile(readFileSync(join(root, 'examples', file), 'utf8'));
  const net = lib.buildNetwork(analysis, new lib.Tracker(), lib.createRandom(1));
  const d = net.layers[0].out;
  const input = new Float32Array(batch * d.c * d.h * d.w).map((_, i) => Math.sin(i));
  const plan = lib.planTraining(analysis.layers, { training: false, sideOutputs: analysis.network.sideOutputs });
  return { net, input, plan };
}

function release(tracker, pass) {
  for (let id = 1; id < pass.values.length; id++) if (pass.values[id]) tracker.release(pass.values[id]);
  if (pass.workspace) tracker.release(pass.workspace);
}

/** Every layer's kernel alone, called on the buffers of one finished pass (a plain Tracker frees nothing). */
function kernelCalls(net, input, batch) {
  const tracker = new lib.Tracker();
  const random = lib.createRandom(2);
  const pass = lib.forward(net, input, batch, { train: false, tracker, random });
  return net.layers.slice(1).map((l) => {
    const call = { layer: l, batch, xs: l.inputs.map((i) => pass.values[i]), y: pass.values[l.id], train: false, keeps: false, workspace: pass.workspace, tracker, random };
    const kernels = lib.kernelsOf(l.layer);
    return () => kernels.forward(call);
  });
}

/** The pass with every kernel's forward replaced by one that does nothing: the executor's own work. */
function stubbed(net, run) {
  const pairs = [...new Set(net.layers.map((l) => lib.kernelsOf(l.layer)))];
  const saved = pairs.map((k) => k.forward);
  for (const k of pairs) k.forward = () => ({ macs: 0 });
  try {
    return run();
  } finally {
    pairs.forEach((k, i) => (k.forward = saved[i]));
  }
}

/** Median and minimum of each way's time, the ways interleaved run by run; `repeat` calls a sample. */
function timeWays(ways, repeat = 1) {
  const times = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  for (const way of Object.values(ways)) way();
  for (let r = 0; r < runs; r++) {
    for (const [name, way] of Object.entries(ways)) {
      const t = performance.now();
      for (let i = 0; i < repeat; i++) way();
      times[name].push((performance.now() - t) / repeat);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: lib.median(v), min: Math.min(...v) }]));
}

// Fresh passes leave garbage (their buffers) that a later collection frees: they are timed in a
// group of their own, so that the collection falls on them and not on the ways after them.
function measure(net, input, batch, plan) {
  const recycled = new lib.RecyclingTracker();
  const timer = new lib.LayerTimes(() => performance.now(), net.layers.length);
  const random = lib.createRandom(3);
  const kernels = kernelCalls(net, input, batch);
  const fresh = () => lib.forward(net, input, batch, { train: false, tracker: new lib.Tracker(), random, plan });
  const reused = () => release(recycled, lib.forward(net, input, batch, { train: false, tracker: recycled, random, plan }));
  const real = {
    ...timeWays({
      kernels: () => kernels.forEach((k) => k()),
      recycled: reused,
      timed: () => release(recycled, lib.forward(net, input, batch, { train: false, tracker: recycled, random, plan, timer })),
    }),
    ...timeWays({ fresh }),
  };
  const stubs = stubbed(net, () => ({
    ...timeWays({ recycled: reused, unplanned: () => release(recycled, lib.forward(net, input, batch, { train: false, tracker: recycled, random })) }, STUB_PASSES),
    ...timeWays({ fresh }, STUB_PASSES),
  }));
  return { ...real, stubs };
}

console.log(`forward pass overhead, fp32, batch 64, ${runs} interleaved runs, in microseconds (median / min)`);
for (const [name, file] of [['CIFAR-10 net (notes)', 'cifar10.cnn'], ['LeNet-5', 'lenet5.cnn']]) {
  const { net, input, plan } = setup(file, 64);
  const m = measure(net, input, 64, plan);
  const layers = net.layers.length - 1;
  console.log(`${name}, ${layers} layers after INPUT`);
  console.log(`  ${'kernels alone, summed'.padEnd(44)} ${us(m.kernels.median)} ${us(m.kernels.min)}`);
  for (const way of ['fresh', 'recycled', 'timed']) {
    const per = (k) => us((m[way][k] - m.kernels[k]) / layers);
    console.log(`  ${`pass, ${way}`.padEnd(44)} ${us(m[way].median)} ${us(m[way].min)}   per layer over the kernels ${per('median')} ${per('min')}`);
  }
  for (const [way, t] of Object.entries(m.stubs)) console.log(`  ${`no-op kernels, ${way}: per layer`.padEnd(44)} ${us(t.median / layers)} ${us(t.min / layers)}`);
}
