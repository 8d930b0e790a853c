// cnncalc run FILE --input X.npy --output Y.npy [--weights W.safetensors]: the forward pass on a
// batch from a .npy file (N, C, H, W float32), written to a .npy file, with trained weights in
// PyTorch layouts (exec/weights.ts names them) or seeded random ones. Exit 2 for bad input.

import { DEFAULT_MAX_MEMORY, guardMemory, MemoryGuardError } from '../../exec/guard.js';
import { FormatError } from '../../exec/io/errors.js';
import { readNpy, writeNpy } from '../../exec/io/npy.js';
import { readSafetensors } from '../../exec/io/safetensors.js';
import { checkInputShape, InputShapeError, runNetwork } from '../../exec/run.js';
import { isIgnoredTensor, WeightsError } from '../../exec/weights.js';
import { FigureOverflow } from '../../util/exact.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { checkWritable, readBytes, writeBytes } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { COLOR, integerOption, NETWORK_OPTIONS, NO_COLOR } from '../options.js';
import { createProgress, type Progress } from '../progress.js';
import { guardMessage, MAX_MEMORY_OPTION, maxMemoryOption } from './verify.js';

export const run: Command = {
  name: 'run',
  summary: 'Run the forward pass on a batch from a .npy file, with weights from a safetensors file (PyTorch layouts) or seeded random ones.',
  usage: 'cnncalc run FILE --input X.npy --output Y.npy [--weights W.safetensors] [options]',
  options: [
    { name: 'input', short: 'i', type: 'string', value: 'X.npy', description: 'input batch, float32 [N, C, H, W] (required)' },
    { name: 'output', short: 'o', type: 'string', value: 'Y.npy', description: 'where to write the output, float32 [N, C, H, W] (required)' },
    { name: 'weights', short: 'w', type: 'string', value: 'W.safetensors', description: "trained weights named '<index>.weight' and '<index>.bias' as in a PyTorch nn.Sequential" },
    { name: 'seed', type: 'string', value: 'S', description: 'seed of the random weights without --weights (default 0)' },
    MAX_MEMORY_OPTION,
    ...NETWORK_OPTIONS,
    COLOR,
    NO_COLOR,
  ],
  details: [
    'Layouts are PyTorch\'s: CONV weight [k, D/g, f, f], FC weight [n, in] over the input flattened in',
    'C, H, W order, biases [k]; index counts every layer after INPUT from 0, activations included,',
    "in the order 'cnncalc layers' prints them. LOCAL weight [outH*outW, k, D*f*f], bias [k, outH, outW].",
    'BN weight, bias, running_mean and running_var [D]; num_batches_tracked (any dtype) is ignored, so a',
    'state dict saved with safetensors.torch.save_file loads as it is.',
    'Examples:',
    '  cnncalc run examples/lenet5.cnn --weights lenet5.safetensors --input digits.npy --output logits.npy',
  ].join('\n'),
  run({ values, positionals, io }) {
    const inputPath = values['input'] as string | undefined;
    const outputPath = values['output'] as string | undefined;
    if (!inputPath || !outputPath) throw new UsageError("run needs --input X.npy and --output Y.npy; e.g. 'cnncalc run net.cnn --input x.npy --output y.npy'");
    const seed = integerOption(values['seed'] as string | undefined, '--seed', 0) ?? 0;
    const maxMemory = values['max-memory'] === undefined ? DEFAULT_MAX_MEMORY : maxMemoryOption(values);
    const path = onePath(positionals, 'run');
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    const weightsPath = values['weights'] as string | undefined;
    const fail = (message: string): number => {
      io.stderr(`cnncalc run: ${message}\n`);
      return EXIT.badInput;
    };
    checkWritable(outputPath, 'the output');
    try {
      const input = readNpy(readBytes(inputPath, 'the input'));
      checkInputShape(analysis, input.shape);
      const batch = input.shape[0]!;
      guardMemory(analysis, { batch, train: false, optimizer: 'sgd' }, maxMemory);
      const weights = weightsPath ? readSafetensors(readBytes(weightsPath, 'the weights'), { skip: isIgnoredTensor }) : undefined;
      // Created when the first layer starts, so its clock leaves out building the weights.
    let progress: Progress | undefined;
    const start = (): Progress => (progress ??= createProgress({ stream: { write: io.stderr, isTTY: io.stderrIsTTY, columns: process.stderr.columns || 80 }, total: 1, label: 'run' }));
      const result = runNetwork(analysis, {
        input, seed, ...(weights ? { weights } : {}),
        onProgress: (done, total) => start().tick(done / total, `layer ${done} of ${total}`),
      });
      progress?.finish();
      writeBytes(outputPath, writeNpy(result.shape, result.data), 'the output');
      io.stderr(`cnncalc run: wrote ${outputPath} [${result.shape.join(', ')}] in ${result.seconds.toFixed(2)} s\n`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof MemoryGuardError) {
        // run has no --batch: the batch is the input file's
        io.stderr(guardMessage('run', e, 'use a smaller input batch'));
        return EXIT.badInput;
      }
      if (e instanceof FormatError) return fail(`${e.format === 'safetensors' ? weightsPath : inputPath}: ${e.message}`);
      if (e instanceof FigureOverflow) return fail(`the run's memory is too large to count exactly (${e.message}); use a smaller batch`);
      if (e instanceof WeightsError) return fail(`${weightsPath}: ${e.message}`);
      if (e instanceof InputShapeError) return fail(`${inputPath}: ${e.message}`);
      throw e;
    }
  },
};
