// Turns what cuda.sh measured on a GPU (the fetched results folder: one JSON per case and
// summary.json, written by measure_cuda.py) into the fixtures of test/reference/torch-memory-cuda/:
// one JSON per case carrying its method, versions and GPU, as the CPU fixtures carry theirs, and a
// README saying where and how they were measured. The fixtures there are replaced as a whole.
//
//   node bench/torch-memory/import-cuda.mjs RESULTS_DIR [--out DIR] [--suite DIR]
//
// Refuses (exit 1, nothing written) a dry run (--device cpu), a run that did not finish, and results
// that do not match the suite as generated now (cases.json's fields, each module's SHA-256).
// It also rewrites src/budget/cuda-measured.ts, which marks the pytorch-cuda runtime measured (its
// text and JSON then name the run): after an import, regenerate the budget goldens
// (UPDATE_GOLDEN=1 npx vitest run test/golden) and run test/budget/torch-memory-cuda.test.ts, which
// holds the model to the measured figures.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(root, 'test/reference/torch-memory-cuda');
export const SUITE = join(root, 'bench/torch-memory/cuda-suite');
export const MEASURED_TS = join(root, 'src/budget/cuda-measured.ts');

const METHOD =
  'PyTorch with CUDA on one GPU, every case in one process (bench/torch-memory/measure_cuda.py); ' +
  'the network exported by `cnncalc export --format pytorch` (bench/torch-memory/cuda-suite/), fp32; ' +
  'random input, loss = sum of the outputs; a step is zero_grad(set_to_none=False), forward, backward, optimizer step ' +
  "(measure.py's optimizers, implementation left to PyTorch's default: optimizerImplementation), gradients kept between steps; " +
  'step 1 warms up, step 2 is measured. maxAllocated, maxReserved: torch.cuda.max_memory_allocated / max_memory_reserved ' +
  'during step 2 (reset_peak_memory_stats before it); allocatedAtStepStart, reservedAtStepStart: memory_allocated / memory_reserved ' +
  'when step 2 starts; allocatedBeforeModel, reservedBeforeModel: the same before the case built its model (after gc and empty_cache: ' +
  "what earlier cases left); deviceUsedAfterStep: the driver's used memory (NVML) after step 2 minus before the first CUDA call; " +
  'outsideAllocatorAfterStep: that minus memory_reserved. cudnn.benchmark off, deterministic algorithms off.';

const SUITE_FIELDS = ['name', 'module', 'network', 'origin', 'batch', 'optimizer', 'dtype', 'heldOut'];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Why the results cannot be imported against the suite in dir, one line each (empty: they can). */
function problems(summary, dir, cases, results) {
  if (summary.device !== 'cuda') return [`summary.json's device is ${summary.device}: a dry run, not a GPU measurement`];
  const found = [];
  if (!summary.complete) found.push(`the run did not finish (measured ${summary.measured.length} of ${summary.cases.length}; stopped by cuda.sh's guard?)`);
  const missing = cases.filter((c) => !results.has(c.name) && !(c.name in summary.failed)).map((c) => c.name);
  if (missing.length > 0) found.push(`no result for ${missing.length} of the suite's ${cases.length} cases: ${missing.join(', ')}`);
  for (const c of cases.filter((x) => results.has(x.name))) {
    const r = results.get(c.name);
    const differs = SUITE_FIELDS.filter((k) => JSON.stringify(r[k]) !== JSON.stringify(c[k]));
    if (r.moduleSha256 !== sha256(join(dir, c.module))) differs.push(`${c.module}'s text`);
    if (differs.length > 0) found.push(`${c.name}: ${differs.join(', ')} not as in the suite now (it changed since the run)`);
  }
  for (const name of results.keys()) if (!cases.some((c) => c.name === name)) found.push(`${name}: not a case of the suite`);
  return found;
}

function fixture(result, summary) {
  const { module: _module, moduleSha256: _sha, device: _device, measured, ...c } = result;
  return {
    ...c,
    pytorch: summary.torch,
    cuda: summary.cuda,
    cudnn: summary.cudnn,
    driver: summary.driver,
    gpu: summary.gpu,
    cudnnBenchmark: summary.cudnnBenchmark,
    deterministicAlgorithms: summary.deterministicAlgorithms,
    context: { bytes: summary.context.bytes, method: summary.context.method },
    probes: { cublas: summary.cublasProbe, cudnn: summary.cudnnProbe },
    method: METHOD,
    measured,
  };
}

const mib = (b) => (b / 2 ** 20).toFixed(1);

function readme(summary, count) {
  const g = summary.gpu;
  const failed = Object.entries(summary.failed).map(([name, why]) => `${name} (${why})`);
  const env = Object.entries(summary.env).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
  return `# PyTorch's training-step memory on a GPU, measured (issue #16)

One JSON file per case, written by \`bench/torch-memory/import-cuda.mjs\` from what
\`bench/torch-memory/cuda.sh\` measured; nothing here was computed by cnncalc's memory model. The
cases are those of \`test/reference/torch-memory/\` (bench/torch-memory/cuda-suite/cases.json), the
method is in each file (\`method\`) and in test/reference/torch-memory/README.md, "On a GPU".

- GPU: ${g.name} (compute capability ${g.capability}, ${mib(g.totalMemory)} MiB), driver ${summary.driver ?? 'unknown'}.
- PyTorch ${summary.torch}, CUDA ${summary.cuda}, cuDNN ${summary.cudnn}, Python ${summary.python}; cudnn.benchmark ${summary.cudnnBenchmark ? 'on' : 'off'}, deterministic algorithms ${summary.deterministicAlgorithms ? 'on' : 'off'}${env.length ? `; ${env.join(', ')}` : ''}.
- CUDA context: ${mib(summary.context.bytes)} MiB after the first CUDA call (${summary.context.method}).
- cuBLAS workspace: ${mib(summary.cublasProbe.freshStream.allocated)} MiB allocated by a matmul on a fresh stream, ${mib(summary.cublasProbe.otherThread.allocated)} MiB by one on another thread.
- cuDNN workspace of ${summary.cudnnProbe.shape}: ${mib(summary.cudnnProbe.forwardWorkspace)} MiB forward, ${mib(summary.cudnnProbe.backwardWorkspace)} MiB backward (im2col of one image: ${mib(summary.cudnnProbe.im2colOneImage)} MiB).
- ${count} cases in ${summary.seconds.toFixed(1)} s, one process${failed.length ? `; failed: ${failed.join('; ')}` : ''}.

## Regenerate

Here, export the suite (git-ignored); on a machine with an NVIDIA GPU and PyTorch 2 with CUDA,
with bench/torch-memory/cuda-suite/ carried along (nothing else is needed there), run it; here
again, import the fetched folder:

    node bench/torch-memory/run.mjs --export-only bench/torch-memory/cuda-suite
    bash bench/torch-memory/cuda.sh                      # results under $OUT, or ./cuda-results
    node bench/torch-memory/import-cuda.mjs cuda-results
`;
}

/** The module that marks the pytorch-cuda runtime measured (src/budget/runtimes.ts reads it). */
function measuredModule(summary) {
  const where = `test/reference/torch-memory-cuda/ (PyTorch ${summary.torch}, ${summary.gpu.name})`;
  return `// Written by bench/torch-memory/import-cuda.mjs when it imports a GPU run; not edited by hand.
// Where the pytorch-cuda runtime was measured, or null while no GPU has run the suite.
export const CUDA_MEASURED: string | null = ${JSON.stringify(where).replaceAll('"', "'")};
`;
}

/** Imports the results folder into out (replacing its fixtures) and marks the runtime measured;
 *  throws, writing nothing, on a problem. */
export function importCuda({ results, suite = SUITE, out = FIXTURES, measuredTs = MEASURED_TS }) {
  const summaryPath = join(results, 'summary.json');
  if (!existsSync(summaryPath)) throw new Error(`${summaryPath}: missing (not a results folder of cuda.sh?)`);
  const summary = readJson(summaryPath);
  const cases = readJson(join(suite, 'cases.json')).cases;
  const measured = new Map(readdirSync(results).filter((f) => f.endsWith('.json') && f !== 'summary.json').map((f) => [f.replace(/\.json$/, ''), readJson(join(results, f))]));
  const found = problems(summary, suite, cases, measured);
  if (found.length > 0) throw new Error(`${results}: not imported:\n  ${found.join('\n  ')}`);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (f.endsWith('.json')) rmSync(join(out, f));
  for (const c of cases.filter((x) => measured.has(x.name))) writeFileSync(join(out, `${c.name}.json`), JSON.stringify(fixture(measured.get(c.name), summary), null, 1) + '\n');
  writeFileSync(join(out, 'README.md'), readme(summary, measured.size));
  writeFileSync(measuredTs, measuredModule(summary));
  return { written: measured.size, failed: Object.keys(summary.failed) };
}

function main(args) {
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const results = args[0];
  if (!results || results.startsWith('--')) throw new Error('usage: node bench/torch-memory/import-cuda.mjs RESULTS_DIR [--out DIR] [--suite DIR]');
  const { written, failed } = importCuda({ results, suite: opt('--suite'), out: opt('--out') });
  console.log(`${written} fixtures written${failed.length ? `; failed on the GPU: ${failed.join(', ')}` : ''}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}
