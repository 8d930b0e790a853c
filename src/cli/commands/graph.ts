// cnncalc graph FILE [--format svg|dot|mermaid] [-o FILE] [--depth N] [--direction TB|LR]: the
// network's graph (report/graph/): one box per layer or folded block, an edge for every input,
// blocks as clusters. SVG is laid out here by Graphviz (WebAssembly, loaded only for this format);
// DOT and mermaid are text for another tool to lay out. Exit 0 written, 2 bad input or usage.

import type { Analysis } from '../../analysis/analyze.js';
import { GraphTooLarge, graphModel, renderDot, renderGraphSvg, renderMermaid, type GraphSvgOptions } from '../../report/graph/index.js';
import { pathText } from '../../util/path-text.js';
import { refuseOutputOverInputs, STDOUT_PATH, writeFileAtomic } from '../atomic-write.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { chosenFormat, formatOption, type Formats } from '../formats.js';
import { checkWritable } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { integerOption, NETWORK_OPTIONS, oneOf } from '../options.js';

const FORMATS: Formats<'svg' | 'dot' | 'mermaid', (analysis: Analysis, options: GraphSvgOptions) => string | Promise<string>> = {
  svg: renderGraphSvg,
  dot: (analysis, options) => renderDot(graphModel(analysis, options), options.direction),
  mermaid: (analysis, options) => renderMermaid(graphModel(analysis, options), options.direction),
};

const DIRECTIONS = ['TB', 'LR'] as const;

export const graph = defineCommand({
  name: 'graph',
  summary: 'Draw the network: a box per layer (its values, output shape and params), an edge per input, blocks as clusters.',
  usage: 'cnncalc graph FILE [--format svg|dot|mermaid] [-o FILE] [options]',
  options: [
    formatOption(FORMATS, (first) => `what to write (default ${first}, laid out by Graphviz; dot and mermaid are text for other tools)`),
    { name: 'output', short: 'o', type: 'string', value: 'FILE', description: "where to write it (default stdout; '-' is stdout)" },
    { name: 'depth', type: 'string', value: 'N', description: 'fold each block N deep (0: the outermost) into one box with its subtotals, as table --depth folds rows (default: every layer)' },
    { name: 'direction', type: 'string', value: DIRECTIONS.join('|'), description: 'top to bottom (default) or left to right' },
    ...NETWORK_OPTIONS,
  ],
  details: [
    'Boxes are coloured by role (conv-like, normalization, activation, pooling, merge, fully connected,',
    'other) with a legend; the network\'s output and side outputs have a thick border. Merges (concat,',
    'add, mul) are boxes of their own with an edge from each branch; a `/` split puts a slice before each',
    'branch; an @name reference is an edge from the labelled layer.',
    'Examples:',
    '  cnncalc graph examples/vgg16.cnn -o vgg16.svg',
    '  cnncalc graph examples/resnet50.cnn --depth 1 --direction LR -o resnet50.svg',
    '  cnncalc graph examples/googlenet.cnn --format dot | dot -Tpng -o googlenet.png',
    '  cnncalc graph examples/resnet18.cnn --format mermaid',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const render = FORMATS[chosenFormat(values, FORMATS)];
    const depth = integerOption(values.depth, '--depth', 0);
    const direction = oneOf('direction', values.direction ?? 'TB', DIRECTIONS, ' or ');
    const path = onePath(positionals, 'graph', values);
    const output = values.output ?? STDOUT_PATH;
    if (output !== STDOUT_PATH) {
      refuseOutputOverInputs({ path: output, what: 'the output' }, [{ path, what: 'the network' }]);
      checkWritable(output, 'the output');
    }
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    let text: string;
    try {
      text = await render(loaded.result.analysis!, { direction, ...(depth !== undefined ? { maxDepth: depth } : {}) });
    } catch (e) {
      if (!(e instanceof GraphTooLarge)) throw e;
      io.stderr(`cnncalc graph: ${pathText(loaded.file)}: ${e.message}; fold blocks with --depth N, or write --format dot or mermaid\n`);
      return EXIT.badInput;
    }
    if (output === STDOUT_PATH) io.stdout(text);
    else writeFileAtomic(output, new TextEncoder().encode(text), 'the output');
    return EXIT.ok;
  },
});
