// The torch-memory suite: exports each network with `cnncalc export --format pytorch` (the library,
// bundled from src/ with esbuild, so no build step is needed), measures one training step in
// PyTorch on CPU (measure.py says how), and writes one fixture per case to test/reference/torch-memory/.
//
//   node bench/torch-memory/run.mjs [--only NAME[,NAME...]] [--python /usr/bin/python3] [--list]
//   node bench/torch-memory/run.mjs --export-only DIR   # the modules and cases.json, no torch (cuda-suite.mjs)
//
// Cases: every example at a batch that keeps the step near or under 1-2 GB and 30 s on one thread
// (a CPU shared with other work can take several times longer: googlenet at batch 8 took 3 minutes),
// and the seeded generated designs (designs.mjs), whose batch is halved while batch x MACs per image
// exceeds MAX_WORK. Cases run one after another, each measurement in its own process, with one
// thread and glibc's mmap threshold fixed (it also switches glibc's dynamic threshold off).

import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { moduleSource, writeSuite } from './cuda-suite.mjs';
import { designs, SEED } from './designs.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(root, 'test/reference/torch-memory');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const python = opt('--python', existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const only = opt('--only', null)?.split(',') ?? null;
const exportTo = opt('--export-only', null);

export const MMAP_THRESHOLD = 131072;
const MAX_WORK = 4e9; // multiply-accumulates of one forward pass over the batch

/** Every example, at the batch and optimizer it is measured with. */
export const EXAMPLES = [
  { file: 'alexnet.cnn', batch: 16, optimizer: 'momentum' },
  { file: 'alexnet_2012.cnn', batch: 16, optimizer: 'adam' },
  { file: 'cifar10.cnn', batch: 128, optimizer: 'rmsprop' },
  { file: 'googlenet.cnn', batch: 8, optimizer: 'nesterov' },
  { file: 'lenet5.cnn', batch: 256, optimizer: 'adam' },
  { file: 'pattern.cnn', batch: 64, optimizer: 'adagrad' },
  { file: 'resnet18.cnn', batch: 16, optimizer: 'momentum' },
  { file: 'resnet34.cnn', batch: 8, optimizer: 'adamw' },
  { file: 'resnet50.cnn', batch: 8, optimizer: 'sgd' },
  { file: 'vgg11.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'vgg13.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'vgg16.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'vgg19.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'zfnet.cnn', batch: 16, optimizer: 'rmsprop' },
  { file: 'zfnet_paper224.cnn', batch: 16, optimizer: 'sgd' },
  { file: 'lenet_d2l.cnn', batch: 256, optimizer: 'momentum' },
  { file: 'lenet5_tanh.cnn', batch: 256, optimizer: 'nesterov' },
  { file: 'deepface.cnn', batch: 4, optimizer: 'sgd' },
  { file: 'mobilenet_v3_large.cnn', batch: 8, optimizer: 'rmsprop' },
  { file: 'mobilenet_v3_small.cnn', batch: 16, optimizer: 'adam' },
  { file: 'mobilenet_v2.cnn', batch: 8, optimizer: 'momentum' },
  { file: 'lraspp_mobilenet_v3_large.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'regnet_y_400mf.cnn', batch: 8, optimizer: 'momentum' },
  { file: 'regnet_y_1_6gf.cnn', batch: 4, optimizer: 'adamw' },
  { file: 'shufflenet_v2_x1_0.cnn', batch: 16, optimizer: 'sgd' },
  { file: 'segnet_basic.cnn', batch: 1, optimizer: 'momentum' },
  { file: 'convnext_tiny.cnn', batch: 2, optimizer: 'adamw' },
  { file: 'inception_v3.cnn', batch: 2, optimizer: 'rmsprop' },
  { file: 'googlenet_aux.cnn', batch: 4, optimizer: 'momentum' },
  { file: 'efficientnet_b0.cnn', batch: 4, optimizer: 'adam' },
  { file: 'efficientnet_b3.cnn', batch: 2, optimizer: 'momentum' },
  { file: 'efficientnet_v2_s.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'unet.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'fcn_resnet50.cnn', batch: 1, optimizer: 'sgd' },
  { file: 'deeplabv3_resnet50.cnn', batch: 2, optimizer: 'sgd' },
];

async function loadLibrary() {
  const dir = mkdtempSync(join(tmpdir(), 'cnncalc-torch-memory-'));
  const outfile = join(dir, 'cnncalc.mjs');
  await build({ entryPoints: [join(root, 'src/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  return { lib: await import(pathToFileURL(outfile).href), dir };
}

export function cpuIsa() {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim().split(/\s+/));
  return flags.has('avx512f') ? 'avx512f' : flags.has('avx2') ? 'avx2' : 'other';
}

function cases(lib) {
  const list = EXAMPLES.map((e) => ({ name: e.file.replace(/\.cnn$/, ''), origin: `examples/${e.file}`, network: readFileSync(join(root, 'examples', e.file), 'utf8'), batch: e.batch, optimizer: e.optimizer }));
  for (const d of designs()) {
    const analysis = lib.compile(d.network).analysis;
    let batch = d.batch;
    while (batch > 1 && batch * analysis.totals.macs > MAX_WORK) batch = Math.ceil(batch / 2);
    list.push({ name: d.name, origin: `bench/torch-memory/designs.mjs (seed ${SEED})`, network: d.network, batch, optimizer: d.optimizer, heavy: d.heavy, heldOut: d.heldOut });
  }
  return list;
}

function measure(modulePath, c, mode) {
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD), OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = execFileSync(python, [join(here, 'measure.py'), modulePath, '--batch', String(c.batch), '--optimizer', c.optimizer, '--mode', mode], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out);
}

const METHOD =
  `PyTorch on CPU, one thread (torch.set_num_threads(1), OMP_NUM_THREADS=1), glibc MALLOC_MMAP_THRESHOLD_=${MMAP_THRESHOLD}; ` +
  'the network exported by `cnncalc export --format pytorch` (ReLU in place where the budget assumes it); ' +
  'random input, loss = sum of the outputs; a step is zero_grad(set_to_none=False), forward, backward, optimizer step ' +
  '(torch.optim defaults as the executor: lr 0.01, momentum 0.9, Adam lr 1e-3, AdamW weight decay 0.01), gradients kept between steps; ' +
  'step 1 warms up, step 2 is measured. peakRssGrowth: VmHWM during step 2 (reset by /proc/self/clear_refs) minus VmRSS before the model was built. ' +
  'allocatorPeak (a separate process): bytes of every tensor storage live when step 2 starts (parameters, buffers, gradients, optimizer state, input) ' +
  'plus the highest running sum of torch.profiler memory events (profile_memory=True) during step 2. ' +
  'params: sum of numel over model.parameters(); outputShape: the output tensor\'s shape.';

async function main() {
  const { lib, dir } = await loadLibrary();
  const all = cases(lib).filter((c) => !only || only.includes(c.name));
  if (exportTo) {
    writeSuite(lib, all, resolve(exportTo));
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const torchVersion = execFileSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  const isa = cpuIsa();
  mkdirSync(outDir, { recursive: true });
  if (args.includes('--list')) {
    for (const c of all) console.log(`${c.name}\tbatch ${c.batch}\t${c.optimizer}${c.heldOut ? '\theld out' : ''}\t${c.network.length > 90 ? c.network.slice(0, 90) + '...' : c.network}`);
    return;
  }
  try {
    for (const c of all) {
      const started = Date.now();
      const modulePath = join(dir, `${c.name}.py`);
      writeFileSync(modulePath, moduleSource(lib, c));
      const rss = measure(modulePath, c, 'rss');
      const alloc = measure(modulePath, c, 'alloc');
      const fixture = {
        name: c.name,
        origin: c.origin,
        network: c.network,
        ...(c.heavy ? { dominant: c.heavy } : {}),
        heldOut: c.heldOut ?? false,
        batch: c.batch,
        optimizer: c.optimizer,
        dtype: 'fp32',
        pytorch: torchVersion,
        isa,
        threads: 1,
        mmapThreshold: MMAP_THRESHOLD,
        method: METHOD,
        measured: {
          params: rss.params,
          buffers: rss.buffers,
          outputShape: rss.output_shape,
          peakRssGrowth: rss.peak_rss_growth,
          rssBeforeModel: rss.rss_before_model,
          rssBeforeStep: rss.rss_before_step,
          rssPeak: rss.rss_peak,
          allocatorPeak: alloc.allocator_peak,
          liveAtStepStart: alloc.live_at_step_start,
          stepRise: alloc.step_rise,
          memoryEvents: alloc.memory_events,
        },
      };
      writeFileSync(join(outDir, `${c.name}.json`), JSON.stringify(fixture, null, 1) + '\n');
      const mib = (b) => (b / 2 ** 20).toFixed(1);
      console.log(`${c.name.padEnd(20)} batch ${String(c.batch).padStart(4)} ${c.optimizer.padEnd(8)} rss ${mib(rss.peak_rss_growth).padStart(8)} MiB  allocator ${mib(alloc.allocator_peak).padStart(8)} MiB  ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
