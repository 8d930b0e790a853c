// cnncalc bench FILE: how fast the design runs here. Seeded random weights (and batch, or one from
// --input), a warm-up step, then the median of N timed forward passes or training steps, per layer
// and in all, with GFLOP/s (exec/bench/ does the work, report/bench.ts prints it). Exit 0, or 2 for
// bad input or a run refused by the memory guard.

import { benchAnalysis, type BenchResult } from '../../exec/bench/bench.js';
import { OPTIMIZER_NAMES } from '../../exec/optim/optimizers.js';
import { checkInputShape, InputShapeError } from '../../exec/run.js';
import { benchJsonLines, benchTextLines } from '../../report/bench.js';
import type { Lines } from '../../report/lines.js';
import type { Paint } from '../../report/plain.js';
import { FormatError } from '../../tensor-io/errors.js';
import { readNpy } from '../../tensor-io/npy.js';
import { pathText } from '../../util/path-text.js';
import type { Analysis } from '../../analysis/analyze.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chosenFormat, type Formats } from '../formats.js';
import { chalkFor, readTensorFile, type Io } from '../io.js';
import { loadNetwork, onePath, STDIN_PATH } from '../load.js';
import { refuseRunOverMemory } from '../memory-guard.js';
import { integerOption, NETWORK_OPTIONS, oneOf } from '../options.js';
import { writeLines } from '../output.js';
import { createProgress, type Progress } from '../progress.js';
import { MAX_MEMORY_OPTION, maxMemoryOption } from './verify.js';
import { startThreads, THREADS_OPTION, threadsValue } from '../threads-option.js';

const FORMATS: Formats<'text' | 'json', (r: BenchResult, file: string, paint: Paint) => Lines> = {
  text: benchTextLines,
  json: (r, file) => benchJsonLines(r, file),
};

const DEFAULT_RUNS = 10;

/** The batch: --input's (its N), or --batch (default 1); both given must agree. */
function inputBatch(analysis: Analysis, path: string | undefined, batch: number | undefined, io: Io): { batch: number; data?: Float32Array } {
  if (path === undefined) return { batch: batch ?? 1 };
  const input = readTensorFile(path, 'the input', 'npy', readNpy, io);
  checkInputShape(analysis, input.shape);
  const n = input.shape[0]!;
  if (batch !== undefined && batch !== n) throw new UsageError(`--batch ${batch} disagrees with the input's batch of ${n} (${pathText(path)}); give one of them`);
  return { batch: n, data: input.data };
}

export const bench = defineCommand({
  name: 'bench',
  summary: 'Time the network here with seeded random weights: the median of N forward passes (or training steps), per layer and in all, with GFLOP/s.',
  usage: 'cnncalc bench FILE [--batch B] [--threads N] [--runs N] [--train [--optimizer O]] [--seed S] [--json]',
  options: [
    { name: 'batch', short: 'b', type: 'string', value: 'B', description: 'images in the random batch (default 1; with --input, its N)' },
    THREADS_OPTION,
    { name: 'runs', short: 'n', type: 'string', value: 'N', description: `timed runs after one warm-up; the figures are their medians (default ${DEFAULT_RUNS})` },
    { name: 'train', type: 'boolean', description: 'time training steps: forward, backward and the optimizer step' },
    { name: 'optimizer', type: 'string', value: OPTIMIZER_NAMES.join('|'), description: 'optimizer of the training steps (default sgd)' },
    { name: 'seed', type: 'string', value: 'S', description: 'seed of the weights (He-uniform), the batch and dropout masks (default 0)' },
    { name: 'input', short: 'i', type: 'string', value: 'X.npy', description: "the batch, float32 [N, C, H, W], instead of a random one ('-' is stdin)" },
    MAX_MEMORY_OPTION,
    { name: 'json', type: 'boolean', description: 'print the report as JSON' },
    ...NETWORK_OPTIONS,
  ],
  details: [
    "Per layer: its median time (with --train, its forward's and its backward's), its share of the",
    'median step and GFLOP/s. FLOPs are 2 x the multiply-accumulates of CONV, LOCAL, CONVT and FC: forward',
    "the analysis' per-layer MACs (as 'cnncalc table' prints them, times the batch), backward the MACs the",
    'backward kernels do; element-wise work (activations, pooling, BN, merges) is not counted as FLOPs.',
    "A layer's time includes its own bookkeeping (its buffers, releasing what it was the last to read);",
    'buffers are allocated once and reused from step to step. The first step (warm-up) is not timed.',
    "A training step's gradients are its own (as after zero_grad()); the optimizer updates each parameter",
    'during the backward pass, as soon as its gradient is final (an FC weight, and a 3x3 convolution\'s',
    'run by Winograd, inside the kernel that writes its gradient),',
    'at a learning rate of 0: all of its arithmetic, but the weights keep their values, so every timed step',
    'computes on the values the first did (from random weights at the default rate, VGG16 reached NaN by',
    'its third step, and later steps would have timed arithmetic on NaN).',
    'Timings vary with the machine and its load; compare runs made one after another.',
    'Examples:',
    '  cnncalc bench examples/cifar10.cnn --batch 64',
    '  cnncalc bench examples/vgg16.cnn --train --optimizer adam --runs 3 --json',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const render = FORMATS[chosenFormat(values, FORMATS)];
    const given = integerOption(values.batch, '--batch', 1);
    const threads = threadsValue(values.threads);
    const runs = integerOption(values.runs, '--runs', 1) ?? DEFAULT_RUNS;
    const seed = integerOption(values.seed, '--seed', 0) ?? 0;
    const train = values.train === true;
    const optimizer = oneOf('optimizer', values.optimizer ?? 'sgd', OPTIMIZER_NAMES);
    if (values.optimizer !== undefined && !train) throw new UsageError('--optimizer needs --train');
    const maxMemory = maxMemoryOption(values['max-memory']);
    const path = onePath(positionals, 'bench', values);
    if (path === STDIN_PATH && values.input === STDIN_PATH) throw new UsageError("stdin can be read once; give '-' to one of FILE and --input");
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    let input: ReturnType<typeof inputBatch>;
    try {
      input = inputBatch(analysis, values.input, given, io);
    } catch (e) {
      if (e instanceof FormatError || e instanceof InputShapeError) {
        io.stderr(`cnncalc bench: ${pathText(values.input!)}: ${e.message}\n`);
        return EXIT.badInput;
      }
      throw e;
    }
    const { batch } = input;
    const refused = refuseRunOverMemory(analysis, { command: 'bench', batch, train, optimizer, limit: maxMemory, kind: train ? 'verify' : 'run' }, io);
    if (refused !== null) return refused;
    await startThreads(threads);
    let progress: Progress | undefined;
    const start = (): Progress => (progress ??= createProgress({ stream: { write: io.stderr, isTTY: io.stderrIsTTY, columns: process.stderr.columns || 80 }, total: 1, label: 'bench' }));
    const result = benchAnalysis(analysis, {
      batch, runs, train, optimizer, seed, threads, ...(input.data ? { input: input.data } : {}),
      onProgress: (done, total) => start().tick(done / total, done === 1 ? 'warm-up done' : `run ${done - 1} of ${total - 1}`),
    });
    progress?.finish();
    writeLines(io.stdout, render(result, loaded.file, chalkFor(values, io, 'stdout')));
    return EXIT.ok;
  },
});
