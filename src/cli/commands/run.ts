// cnncalc run FILE --input X.npy --output Y.npy [--weights W.safetensors]: the forward pass on a
// batch from a .npy file (N, C, H, W float32), written to a .npy file, with trained weights in
// PyTorch layouts (exec/weights.ts names them) or seeded random ones. Exit 2 for bad input.

import { FormatError } from '../../tensor-io/errors.js';
import { readNpy, writeNpy } from '../../tensor-io/npy.js';
import { readSafetensors } from '../../tensor-io/safetensors.js';
import { namedAsInFile } from '../../exec/nonfinite.js';
import { checkInputShape, InputShapeError, runNetwork } from '../../exec/run.js';
import { buildNetwork } from '../../exec/build.js';
import { Tracker } from '../../exec/memory.js';
import { createRandom } from '../../exec/random.js';
import { expectedTensors, parseSequentialRule, renameTensors, type SequentialRule } from '../../exec/tensor-names.js';
import { isIgnoredTensor, WeightsError } from '../../exec/weights.js';
import { renderNonFiniteWarnings } from '../../report/nonfinite.js';
import { tensorListLines } from '../../report/tensor-list.js';
import { FigureOverflow } from '../../util/exact.js';
import { pathText } from '../../util/path-text.js';
import { refuseBinaryToTerminal, refuseOutputOverInputs, STDOUT_PATH, writeOutput } from '../atomic-write.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chalkFor, checkWritable, readTensorFile, type Io } from '../io.js';
import { loadNetwork, onePath, STDIN_PATH } from '../load.js';
import { integerOption, NETWORK_OPTIONS, type CommonValues, type NetworkValues } from '../options.js';
import { writeLines } from '../output.js';
import { createProgress, type Progress } from '../progress.js';
import { refuseRunOverMemory } from '../memory-guard.js';
import { MAX_MEMORY_OPTION, maxMemoryOption } from './verify.js';
import { THREADS_OPTION, useThreadsOption } from '../threads-option.js';

function sequentialRules(texts: readonly string[] = []): SequentialRule[] {
  return texts.map((text) => {
    const rule = parseSequentialRule(text);
    if (!rule) throw new UsageError(`--sequential takes PREFIX=LAYER with LAYER >= 1 (as 'cnncalc table' numbers layers), e.g. --sequential features.=1; got '${text}'`);
    return rule;
  });
}

/** --list-tensors: the tensors a weights file must hold, as a table on stdout. */
function listTensors(positionals: readonly string[], values: NetworkValues & CommonValues, io: Io, rules: readonly SequentialRule[]): number {
  const loaded = loadNetwork(onePath(positionals, 'run', values), values, io);
  if (typeof loaded === 'number') return loaded;
  // Unfilled tensors: zeroed pages that are never touched cost no memory, even for VGG's 138M
  const net = buildNetwork(loaded.result.analysis!, new Tracker(), createRandom(0), false);
  writeLines(io.stdout, tensorListLines(expectedTensors(net, rules), loaded.result.analysis!, chalkFor(values, io, 'stdout')));
  return EXIT.ok;
}

export const run = defineCommand({
  name: 'run',
  summary: 'Run the forward pass on a batch from a .npy file, with weights from a safetensors file (PyTorch layouts) or seeded random ones.',
  usage: 'cnncalc run FILE --input X.npy --output Y.npy [--weights W.safetensors] [options]',
  options: [
    { name: 'input', short: 'i', type: 'string', value: 'X.npy', description: "input batch, float32 [N, C, H, W] (required; '-' is stdin)" },
    { name: 'output', short: 'o', type: 'string', value: 'Y.npy', description: "where to write the output, float32 [N, C, H, W] (required; '-' is stdout)" },
    { name: 'weights', short: 'w', type: 'string', value: 'W.safetensors', description: "trained weights named '<layer>.weight' and '<layer>.bias', layer as 'cnncalc layers' numbers it ('-' is stdin)" },
    { name: 'sequential', type: 'string', multiple: true, value: 'PREFIX=LAYER', description: "read tensors PREFIX<i>.* as layer LAYER+i's, for nn.Sequential parts (repeatable): --sequential features.=1; a plain nn.Sequential: --sequential =1" },
    { name: 'list-tensors', type: 'boolean', description: 'print the tensors the network expects (names, layers, shapes, dtypes) and exit' },
    { name: 'seed', type: 'string', value: 'S', description: 'seed of the random (He-uniform) weights without --weights (default 0)' },
    MAX_MEMORY_OPTION,
    THREADS_OPTION,
    ...NETWORK_OPTIONS,
  ],
  details: [
    'Layouts are PyTorch\'s: CONV weight [k, D/g, f, f], FC weight [n, in] over the input flattened in',
    "C, H, W order, biases [k]; a tensor's name is its layer's number as 'cnncalc table' and 'cnncalc",
    "layers' print it (INPUT is 0, the first layer after it 1, activations included), so '1.weight' is",
    "the first layer's weight. LOCAL weight [outH*outW, k, D*f*f], bias [k, outH, outW].",
    'BN weight, bias, running_mean and running_var [D]; num_batches_tracked (any dtype) is ignored, so a',
    "state dict saved with safetensors.torch.save_file loads as it is. PyTorch's nn.Sequential counts its",
    "modules from 0, and a model made of nn.Sequential parts names its tensors by part",
    "('features.0.weight'): --sequential PREFIX=LAYER reads PREFIX<i>.* as layer LAYER+i's (LAYER",
    "numbered as 'cnncalc table' numbers it, so layer LAYER's own name is '<LAYER>.*'). The prefix may be",
    "empty: --sequential =1 loads a plain nn.Sequential's state dict, reading '0.weight' as layer 1's",
    "'1.weight'. --list-tensors prints every tensor the network expects, with its shape and dtype.",
    'The output is written to a temporary file beside it and renamed, so a failed run leaves no partial',
    "file; an output that is the network, the input or the weights file is refused. A warning on stderr",
    'names each weight tensor, the input and the output if they hold NaN or infinite values; messages',
    'name tensors as the weights file names them.',
    'Examples:',
    '  cnncalc run examples/lenet5.cnn --weights lenet5.safetensors --input digits.npy --output logits.npy',
    '  cnncalc run examples/lenet5.cnn -w sequential.safetensors --sequential =1 -i digits.npy -o logits.npy',
    '  cnncalc run examples/vgg16.cnn --list-tensors --sequential features.=1 --sequential classifier.=32',
    '  cnncalc run examples/vgg16.cnn -w vgg16.safetensors --sequential features.=1 --sequential classifier.=32 -i x.npy -o -',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const { input: inputPath, output: outputPath, weights: weightsPath } = values;
    const rules = sequentialRules(values.sequential);
    if (values['list-tensors'] === true) return listTensors(positionals, values, io, rules);
    if (!inputPath || !outputPath) throw new UsageError("run needs --input X.npy and --output Y.npy; e.g. 'cnncalc run net.cnn --input x.npy --output y.npy'");
    const seed = integerOption(values.seed, '--seed', 0) ?? 0;
    const maxMemory = maxMemoryOption(values['max-memory']);
    await useThreadsOption(values.threads);
    const path = onePath(positionals, 'run', values);
    if ([path, inputPath, weightsPath].filter((p) => p === STDIN_PATH).length > 1) throw new UsageError("stdin can be read once; give '-' to one of FILE, --input and --weights");
    // Before anything is read: the output must not be one of the files the run reads.
    refuseOutputOverInputs({ path: outputPath, what: 'the output' }, [
      { path, what: 'the network' }, { path: inputPath, what: 'the input' }, ...(weightsPath ? [{ path: weightsPath, what: 'the weights' }] : []),
    ]);
    if (outputPath === STDOUT_PATH) refuseBinaryToTerminal(outputPath, io.stdoutIsTTY, 'the output');
    else checkWritable(outputPath, 'the output');
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    const fail = (message: string): number => {
      io.stderr(`cnncalc run: ${message}\n`);
      return EXIT.badInput;
    };
    try {
      const input = readTensorFile(inputPath, 'the input', 'npy', readNpy, io);
      checkInputShape(analysis, input.shape);
      const batch = input.shape[0]!;
      const refused = refuseRunOverMemory(analysis, { command: 'run', batch, train: false, optimizer: 'sgd', limit: maxMemory, kind: 'run', smaller: 'use a smaller input batch' }, io);
      if (refused !== null) return refused;
      const weights = weightsPath ? renameTensors(readTensorFile(weightsPath, 'the weights', 'safetensors', (source) => readSafetensors(source, { skip: isIgnoredTensor }), io), rules) : undefined;
      // Created when the first layer starts, so its clock leaves out building the weights.
      let progress: Progress | undefined;
      const start = (): Progress => (progress ??= createProgress({ stream: { write: io.stderr, isTTY: io.stderrIsTTY, columns: process.stderr.columns || 80 }, total: 1, label: 'run' }));
      const result = runNetwork(analysis, {
        input, seed, ...(weights ? { weights } : {}),
        onProgress: (done, total) => start().tick(done / total, `layer ${done} of ${total}`),
      });
      progress?.finish();
      io.stderr(renderNonFiniteWarnings('run', namedAsInFile(result.nonFinite, weights?.fileName)));
      writeOutput(outputPath, writeNpy(result.shape, result.data), 'the output');
      const where = outputPath === STDOUT_PATH ? 'stdout' : pathText(outputPath);
      io.stderr(`cnncalc run: wrote ${where} [${result.shape.join(', ')}] in ${result.seconds.toFixed(2)} s\n`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof FormatError) return fail(`${pathText(e.format === 'safetensors' ? weightsPath! : inputPath)}: ${e.message}`);
      if (e instanceof FigureOverflow) return fail(`the run's memory is too large to count exactly (${e.message}); use a smaller batch`);
      if (e instanceof WeightsError) return fail(`${pathText(weightsPath!)}: ${e.message}`);
      if (e instanceof InputShapeError) return fail(`${pathText(inputPath)}: ${e.message}`);
      throw e;
    }
  },
});
