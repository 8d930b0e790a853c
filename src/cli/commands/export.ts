// cnncalc export FILE --format pytorch [-o FILE]: the network as the source of a Python module
// (export/pytorch.ts writes it); stdout without -o. Exit 0 written, 2 bad input or a layer the
// format cannot express.

import type { Analysis } from '../../analysis/analyze.js';
import { ExportError } from '../../export/modules.js';
import { exportPytorch, type ExportFormat } from '../../export/pytorch.js';
import { pathText } from '../../util/path-text.js';
import { refuseOutputOverInputs, STDOUT_PATH, writeFileAtomic } from '../atomic-write.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { chosenFormat, formatOption, type Formats } from '../formats.js';
import { checkWritable } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { NETWORK_OPTIONS } from '../options.js';

const FORMATS: Formats<ExportFormat, (analysis: Analysis, file: string) => string> = {
  pytorch: (analysis, file) => exportPytorch(analysis, { source: file }),
};

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write the network as a PyTorch nn.Module (Python source) whose state dict `cnncalc run --weights` loads.',
  usage: 'cnncalc export FILE [--format pytorch] [-o FILE.py] [options]',
  options: [
    formatOption(FORMATS, (first) => `what to write (default ${first}: a Python module for PyTorch 1.13 or later)`),
    { name: 'output', short: 'o', type: 'string', value: 'FILE.py', description: "where to write it (default stdout; '-' is stdout)" },
    ...NETWORK_OPTIONS,
  ],
  details: [
    'The module defines Network (children named "1", "2", ... as `cnncalc table` numbers the layers),',
    'PARAMETERS (every state-dict tensor and its shape) and build(), which checks the two agree.',
    'Tensors are N,C,H,W; FC flattens in C,H,W order and gives [N, n]; RELU is in place where the',
    'memory budget assumes it (ReLU(inplace=True)).',
    'Examples:',
    '  cnncalc export examples/resnet18.cnn -o resnet18.py',
    '  python3 -c "import resnet18, torch; print(resnet18.build()(torch.zeros(1, *resnet18.INPUT_SHAPE)).shape)"',
  ].join('\n'),
  run({ values, positionals, io }) {
    const render = FORMATS[chosenFormat(values, FORMATS)];
    const path = onePath(positionals, 'export', values);
    const output = values.output ?? STDOUT_PATH;
    if (output !== STDOUT_PATH) {
      refuseOutputOverInputs({ path: output, what: 'the output' }, [{ path, what: 'the network' }]);
      checkWritable(output, 'the output');
    }
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    let text: string;
    try {
      text = render(loaded.result.analysis!, loaded.file);
    } catch (e) {
      if (!(e instanceof ExportError)) throw e;
      io.stderr(`cnncalc export: ${pathText(loaded.file)}: ${e.message}\n`);
      return EXIT.badInput;
    }
    if (output === STDOUT_PATH) io.stdout(text);
    else writeFileAtomic(output, new TextEncoder().encode(text), 'the output');
    return EXIT.ok;
  },
});
