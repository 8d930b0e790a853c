// The executor against its peers, measured in one run on the same networks and weights:
//
//   node bench/peers.mjs [FILE ...] [--batch B] [--runs N] [--json]
//
// Default networks: VGG16 at 224x224 batch 1, the notes' CIFAR-10 net and LeNet-5 at batch 64 (a
// FILE given runs at --batch, default 1). Candidates: the cnncalc executor's forward pass on 1 and 2
// threads (one session, its buffers reused from pass to pass as `cnncalc bench` runs it, the same
// seeded weights copied in, timed as the session times its forward pass), TensorFlow.js's WebAssembly backend on one thread (bench/peers/tfjs.mjs), and
// onnxruntime-node on 1 and 2 intra-op threads running `cnncalc export --format onnx`'s model of the
// same weights (bench/peers/ort.mjs). Each peer's output is checked once against the executor's
// (largest difference over the output's size at most 1e-4, as test/export/onnx) before timing. Then
// one warm-up pass each and N (default 3) timed passes, interleaved (the candidates in turn, the
// order rotating per round), and the median of each. Prints ms and the ratio to tfjs-wasm's one
// thread; --json prints the figures as JSON. On a shared machine the figures are indicative only.
// Exit 1 when a peer's output differs from the executor's.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadLibrary } from './peers/library.mjs';
import { ortRunner } from './peers/ort.mjs';
import { initTfjs, tfjsRunner } from './peers/tfjs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOLERANCE = 1e-4;
const SEED = 0;
const DEFAULTS = [
  { file: `${root}examples/vgg16.cnn`, batch: 1 },
  { file: `${root}examples/cifar10.cnn`, batch: 64 },
  { file: `${root}examples/lenet5.cnn`, batch: 64 },
];

function options(argv) {
  const value = (flag) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : undefined);
  const valued = new Set(['--batch', '--runs'].map((f) => argv.indexOf(f) + 1).filter((i) => i > 0));
  const files = argv.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  const batch = value('--batch') ?? 1;
  return { cases: files.length ? files.map((file) => ({ file, batch })) : DEFAULTS, runs: value('--runs') ?? 3, json: argv.includes('--json') };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function difference(a, b) {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = d;
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}

/** The executor on 1 and 2 threads: one session set up once, its buffers reused from pass to pass
 *  (as `cnncalc bench` runs it), with the reference weights copied in. */
function executorRunners(lib, analysis, reference, batch) {
  const load = (net) => net.layers.forEach((l, i) => l.params.forEach((p, j) => p.data.set(reference.layers[i].params[j].data)));
  const options = { batch, seed: SEED, train: false, optimizer: 'sgd', load };
  const setup = lib.setUpSession(analysis, options, new lib.RecyclingTracker());
  return [1, 2].map((threads) => ({
    name: `cnncalc${threads}t`,
    run: async (input) => {
      lib.configureThreads(lib.nodeThreads(threads));
      setup.input.set(input);
      const step = lib.runStep(setup, options);
      const data = step.output.slice();
      lib.releaseStep(setup.tracker, step.pass);
      return { data, ms: step.seconds.forward * 1000 };
    },
  }));
}

/** Times one pass: the candidate's own clock where it has one (the executor's), else the wall clock. */
async function timed(candidate, input) {
  const t0 = performance.now();
  const out = await candidate.run(input);
  const ms = performance.now() - t0;
  return out.ms !== undefined ? out : { data: out, ms };
}

async function candidatesFor(lib, analysis, batch) {
  const reference = lib.buildNetwork(analysis, new lib.Tracker(), lib.createRandom(SEED));
  const s = analysis.layers[0].output;
  const shape = [batch, s.depth, s.height, s.width];
  const bytes = await lib.exportOnnx(analysis, { seed: SEED });
  const list = executorRunners(lib, analysis, reference, batch);
  const skipped = {};
  try {
    const windowsOf = (l) => lib.definitionOf(l.layer).windows(l.layer.args, { width: l.inDims[0].w, height: l.inDims[0].h, depth: l.inDims[0].c });
    list.push(tfjsRunner(reference, windowsOf, batch));
  } catch (e) {
    skipped.tfjsWasm1t = e.message;
  }
  for (const threads of [1, 2]) list.push(await ortRunner(bytes, threads, shape));
  return { list, skipped, shape };
}

async function measure(lib, { file, batch }, runs) {
  const { analysis, diagnostics } = lib.compile(readFileSync(file, 'utf8'));
  if (!analysis) throw new Error(`${file}: ${diagnostics[0]?.message ?? 'does not compile'}`);
  const { list, skipped, shape } = await candidatesFor(lib, analysis, batch);
  const input = new Float32Array(shape.reduce((x, y) => x * y, 1));
  lib.fillUniform(input, lib.createRandom(SEED + 1), -1, 1);
  const inputs = list.map((c) => (c.prepare ? c.prepare(input) : input));
  const times = list.map(() => []);
  const check = {};
  const expected = (await timed(list[0], inputs[0])).data; // also the executor's warm-up
  for (let i = 1; i < list.length; i++) {
    const out = (await timed(list[i], inputs[i])).data; // the peer's warm-up
    check[list[i].name] = difference(list[i].toNchw ? list[i].toNchw(out) : out, expected);
  }
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < list.length; k++) {
      const i = (k + r) % list.length;
      times[i].push((await timed(list[i], inputs[i])).ms);
    }
  }
  const ms = Object.fromEntries(list.map((c, i) => [c.name, median(times[i])]));
  const base = ms.tfjsWasm1t;
  const ratio = base === undefined ? {} : Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, v / base]));
  return { network: file.replace(root, ''), batch, runs, medianMs: ms, ratioToTfjsWasm1t: ratio, check, skipped };
}

/** The candidates' keys (as --json names them) and the table's headings. */
const LABELS = { cnncalc1t: 'cnncalc 1t', cnncalc2t: 'cnncalc 2t', tfjsWasm1t: 'tfjs-wasm 1t', onnxruntime1t: 'onnxruntime 1t', onnxruntime2t: 'onnxruntime 2t' };

function table(results) {
  const names = Object.keys(LABELS);
  const peers = names.filter((n) => n !== 'tfjsWasm1t');
  const head = ['network', 'batch', ...names.map((n) => `${LABELS[n]} ms`), ...peers.map((n) => `${LABELS[n]} / tfjs`)];
  const rows = results.map((r) => [
    r.network, String(r.batch),
    ...names.map((n) => (r.medianMs[n] === undefined ? 'n/a' : r.medianMs[n].toFixed(1))),
    ...peers.map((n) => (r.ratioToTfjsWasm1t[n] === undefined ? 'n/a' : `${r.ratioToTfjsWasm1t[n].toFixed(2)}x`)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const notes = results.flatMap((r) => [
    ...Object.entries(r.check).map(([n, d]) => `${r.network}: ${LABELS[n]} output differs from the executor's by ${d.toExponential(1)} of its size${d > TOLERANCE ? ' (OVER 1e-4)' : ''}`),
    ...Object.entries(r.skipped).map(([n, why]) => `${r.network}: ${LABELS[n]} left out: ${why}`),
  ]);
  return [line(head), ...rows.map(line), '', ...notes].join('\n');
}

const o = options(process.argv.slice(2));
const lib = await loadLibrary();
const { simd } = await initTfjs();
const results = [];
for (const c of o.cases) results.push(await measure(lib, c, o.runs));
const machine = { cpus: availableParallelism(), node: process.version, tfjsWasmSimd: simd };
if (o.json) console.log(JSON.stringify({ machine, networks: results }, null, 2));
else console.log(`${table(results)}\n(median of ${o.runs} interleaved runs; ${machine.cpus} CPUs, Node ${machine.node}, tfjs-wasm SIMD ${simd ? 'on' : 'off'}; a shared machine's figures are indicative only)`);
process.exitCode = results.some((r) => Object.values(r.check).some((d) => !(d <= TOLERANCE))) ? 1 : 0;
