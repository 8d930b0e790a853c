// Forward-pass speed of the executor (src/exec), fp32 on this machine's CPU, one thread:
//
//   node bench/exec.mjs [--runs N] [--train]
//
// Times VGG16 at 224x224 (batch 1), AlexNet as one tower (batch 1) and the notes' CIFAR-10 net
// (batch 64): one warm-up forward pass (it touches the buffers' fresh pages), then the median of N
// (default 3) timed ones. GFLOP/s counts FLOPs as performance-notes.md does: 2 x the multiply-
// accumulates of CONV, LOCAL and FC, as the kernels counted them. The goal: VGG16 under 20 s.
// --train also times a training step (forward, backward, SGD) of the CIFAR-10 net at batch 64.
// The library is bundled from src/ with esbuild first, so no build step is needed.

import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-bench-'));
const entry = join(dir, 'entry.ts');
const out = join(dir, 'exec.mjs');
await build({
  stdin: {
    contents: `export { compile } from './src/api.ts'; export * from './src/exec/index.ts'; export { forward } from './src/exec/forward.ts'; export { backward } from './src/exec/backward.ts';`,
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
});
const lib = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });
void entry;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function setup(file, batch) {
  const { analysis } = lib.compile(readFileSync(join(root, 'examples', file), 'utf8'));
  const tracker = new lib.Tracker();
  const random = lib.createRandom(1);
  const net = lib.buildNetwork(analysis, tracker, random);
  const d = net.layers[0].out;
  const input = new Float32Array(batch * d.c * d.h * d.w).map((_, i) => Math.sin(i));
  return { net, input, tracker, random };
}

function benchForward(name, file, batch) {
  const { net, input, tracker, random } = setup(file, batch);
  const once = () => {
    const t = performance.now();
    const pass = lib.forward(net, input, batch, { train: false, tracker, random });
    const seconds = (performance.now() - t) / 1000;
    for (const l of net.layers) if (l.id !== 0 && l.id !== net.output && pass.values[l.id]) tracker.release(pass.values[l.id]);
    tracker.release(pass.values[net.output]);
    if (pass.workspace) tracker.release(pass.workspace);
    return { seconds, macs: pass.macs.reduce((a, b) => a + b, 0) };
  };
  once();
  const times = [];
  let macs = 0;
  for (let i = 0; i < runs; i++) ({ seconds: times[i], macs } = once());
  const t = median(times);
  const gflop = (2 * macs) / 1e9;
  console.log(`${name.padEnd(34)} ${t.toFixed(3).padStart(8)} s  ${gflop.toFixed(2).padStart(7)} GFLOP  ${(gflop / t).toFixed(2).padStart(6)} GFLOP/s`);
  return t;
}

function benchTrain(name, file, batch) {
  const { net, input, random } = setup(file, batch);
  const once = () => {
    const tracker = new lib.Tracker();
    const t = performance.now();
    const pass = lib.forward(net, input, batch, { train: true, tracker, random });
    const y = pass.values[net.output];
    lib.backward(pass, new Float32Array(y.length));
    const params = net.layers.flatMap((l) => l.params.filter((p) => p.trainable)).map((p) => ({ data: p.data, grad: p.grad }));
    lib.createOptimizer('sgd', tracker).step(params);
    return (performance.now() - t) / 1000;
  };
  once();
  const t = median(Array.from({ length: runs }, once));
  console.log(`${name.padEnd(34)} ${t.toFixed(3).padStart(8)} s`);
}

console.log(`executor forward, fp32, median of ${runs} after one warm-up run`);
const vgg = benchForward('VGG16 224x224, batch 1', 'vgg16.cnn', 1);
benchForward('AlexNet (one tower) 227, batch 1', 'alexnet.cnn', 1);
benchForward('CIFAR-10 net (notes), batch 64', 'cifar10.cnn', 64);
if (args.includes('--train')) benchTrain('CIFAR-10 net training step, b 64', 'cifar10.cnn', 64);
console.log(`VGG16 forward goal: under 20 s: ${vgg < 20 ? 'met' : 'NOT met'} (${vgg.toFixed(2)} s)`);
