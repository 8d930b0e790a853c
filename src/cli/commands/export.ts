// cnncalc export FILE [--format pytorch|onnx] [-o FILE]: the network as the source of a Python module
// (export/pytorch.ts writes it; stdout without -o) or as an ONNX model (export/onnx/, with seeded or
// given weights; binary, so -o FILE is required). Exit 0 written, 2 bad input or a layer the format
// cannot express (named by file:line:column).

import type { Analysis } from '../../analysis/analyze.js';
import type { WeightTensors } from '../../exec/weights.js';
import { isIgnoredTensor, WeightsError } from '../../exec/weights.js';
import { ExportError } from '../../export/modules.js';
import { OnnxLayerError } from '../../export/onnx/graph.js';
import { exportPytorch } from '../../export/pytorch.js';
import { readSafetensors } from '../../tensor-io/safetensors.js';
import { FormatError } from '../../tensor-io/errors.js';
import { pathText } from '../../util/path-text.js';
import { refuseOutputOverInputs, STDOUT_PATH, writeFileAtomic } from '../atomic-write.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chosenFormat, formatOption, type Formats } from '../formats.js';
import { checkWritable, readTensorFile, type Io } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { integerOption, NETWORK_OPTIONS } from '../options.js';

/** What the ONNX writer needs from the options (its module is loaded only when chosen). */
interface OnnxChoices {
  readonly seed: number;
  readonly opset: number | undefined;
  readonly weights: WeightTensors | undefined;
}

type Writer = (analysis: Analysis, file: string, onnx: OnnxChoices) => Promise<string | Uint8Array>;

const FORMATS: Formats<'pytorch' | 'onnx', Writer> = {
  pytorch: async (analysis, file) => exportPytorch(analysis, { source: file }),
  onnx: async (analysis, file, o) => {
    const { exportOnnx } = await import('../../export/onnx/index.js');
    return exportOnnx(analysis, { source: file, seed: o.seed, ...(o.opset !== undefined ? { opset: o.opset } : {}), ...(o.weights ? { weights: o.weights } : {}) });
  },
};

/** --opset's value, checked against the opsets the export writes (before the network is read). */
async function opsetOption(text: string | undefined): Promise<number | undefined> {
  const opset = integerOption(text, '--opset', 1);
  if (opset === undefined) return undefined;
  const { OPSETS } = await import('../../export/onnx/model.js');
  if (opset < OPSETS.min || opset > OPSETS.max) throw new UsageError(`--opset takes ${OPSETS.min} to ${OPSETS.max} (default ${OPSETS.default}); got ${opset}`);
  return opset;
}

function readWeights(path: string, io: Io): WeightTensors {
  try {
    return readTensorFile(path, 'the weights', 'safetensors', (source) => readSafetensors(source, { skip: isIgnoredTensor }), io);
  } catch (e) {
    if (e instanceof FormatError) throw new UsageError(`${pathText(path)}: ${e.message}`);
    throw e;
  }
}

/** The bytes or text of the chosen format; an error the user can act on as its exit-2 message. */
async function render(write: Writer, analysis: Analysis, file: string, onnx: OnnxChoices, weightsPath: string | undefined): Promise<string | Uint8Array> {
  try {
    return await write(analysis, file, onnx);
  } catch (e) {
    if (e instanceof OnnxLayerError) throw new UsageError(`${pathText(file)}:${e.span.start.line}:${e.span.start.column}: ${e.message}`);
    if (e instanceof ExportError) throw new UsageError(`${pathText(file)}: ${e.message}`);
    if (e instanceof WeightsError) throw new UsageError(`${pathText(weightsPath!)}: ${e.message}`);
    throw e;
  }
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write the network as a PyTorch nn.Module (Python source) or an ONNX model (for Netron and onnxruntime), with the tensor names `cnncalc run --weights` reads.',
  usage: 'cnncalc export FILE [--format pytorch|onnx] [-o FILE] [--weights W.safetensors] [--seed S] [--opset N] [options]',
  options: [
    formatOption(FORMATS, (first) => `what to write (default ${first}: a Python module for PyTorch 1.13 or later; onnx: an ONNX model)`),
    { name: 'output', short: 'o', type: 'string', value: 'FILE', description: "where to write it (pytorch: default stdout, '-' is stdout; onnx: required, a file)" },
    { name: 'weights', short: 'w', type: 'string', value: 'W.safetensors', description: "onnx: the model's weights, named as 'cnncalc run --weights' reads them (default: seeded random ones)" },
    { name: 'seed', type: 'string', value: 'S', description: "onnx: the seed of the random weights without --weights, as 'cnncalc run --seed' (default 0)" },
    { name: 'opset', type: 'string', value: 'N', description: 'onnx: the ONNX opset to write, 13 to 21 (default 17)' },
    ...NETWORK_OPTIONS,
  ],
  details: [
    'pytorch: the module defines Network (children named "1", "2", ... as `cnncalc table` numbers the',
    'layers), PARAMETERS (every state-dict tensor and its shape) and build(), which checks the two agree.',
    'Tensors are N,C,H,W; FC flattens in C,H,W order and gives [N, n]; RELU is in place where the',
    'memory budget assumes it (ReLU(inplace=True)).',
    "onnx: one graph input 'input', float32 [N, C, H, W] with the batch N symbolic; the output 'output'",
    "([N, n] after an FC, as the PyTorch export), each side output 'output_<layer>'; the initializers are",
    "the weights under their 'cnncalc run' names ('3.weight'), a shared binding's once. Operators are",
    'named by layer number (3/Conv). Kinds without an ONNX operator are composed of others (LOCAL: an',
    'unfold Conv and a MatMul); one that needs a newer opset is refused with its file:line:column.',
    'Examples:',
    '  cnncalc export examples/resnet18.cnn -o resnet18.py',
    '  python3 -c "import resnet18, torch; print(resnet18.build()(torch.zeros(1, *resnet18.INPUT_SHAPE)).shape)"',
    '  cnncalc export examples/resnet18.cnn --format onnx -o resnet18.onnx      # open it in Netron',
    '  cnncalc export examples/lenet5.cnn --format onnx --weights lenet5.safetensors -o lenet5.onnx',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const format = chosenFormat(values, FORMATS);
    const path = onePath(positionals, 'export', values);
    const output = values.output ?? STDOUT_PATH;
    const onnx = format === 'onnx';
    if (onnx && output === STDOUT_PATH) throw new UsageError("an ONNX model is binary: give -o FILE.onnx, e.g. 'cnncalc export net.cnn --format onnx -o net.onnx'");
    if (!onnx && (values.weights !== undefined || values.seed !== undefined || values.opset !== undefined)) throw new UsageError('--weights, --seed and --opset are for --format onnx (the PyTorch module makes its own weights)');
    const seed = integerOption(values.seed, '--seed', 0) ?? 0;
    const opset = await opsetOption(values.opset);
    if (output !== STDOUT_PATH) {
      refuseOutputOverInputs({ path: output, what: 'the output' }, [{ path, what: 'the network' }, ...(values.weights ? [{ path: values.weights, what: 'the weights' }] : [])]);
      checkWritable(output, 'the output');
    }
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const weights = values.weights ? readWeights(values.weights, io) : undefined;
    const result = await render(FORMATS[format], loaded.result.analysis!, loaded.file, { seed, opset, weights }, values.weights);
    if (typeof result === 'string' && output === STDOUT_PATH) io.stdout(result);
    else writeFileAtomic(output, typeof result === 'string' ? new TextEncoder().encode(result) : result, 'the output');
    return EXIT.ok;
  },
});
