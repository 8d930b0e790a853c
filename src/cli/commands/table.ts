// cnncalc table FILE: the per-layer table in the chosen style and format.

import { renderCs231n } from '../../report/cs231n.js';
import { csvLines } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { inChunks } from '../../report/lines.js';
import { markdownLines } from '../../report/markdown.js';
import { tableLines } from '../../report/table.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { COLOR, formatOption, DTYPE_OPTION, integerOption, NETWORK_OPTIONS, NO_COLOR } from '../options.js';

const FORMATS = ['text', 'json', 'markdown', 'csv'] as const;
const STYLES = ['default', 'cs231n'] as const;

export const table: Command = {
  name: 'table',
  summary: 'Print every layer of a network: output shape, activations, memory, weights, biases, MACs, receptive field.',
  usage: 'cnncalc table FILE [options]',
  options: [
    { name: 'format', short: 'f', type: 'string', value: 'text|json|markdown|csv', description: 'output format (default text)' },
    { name: 'json', type: 'boolean', description: 'short for --format json' },
    { name: 'style', type: 'string', value: 'default|cs231n', description: "text layout: cnncalc's columns, or the cs231n notes' VGG table" },
    { name: 'depth', type: 'string', value: 'N', description: 'fold blocks nested deeper than N into one row with their subtotals (default: show all)' },
    DTYPE_OPTION,
    ...NETWORK_OPTIONS,
    COLOR,
    NO_COLOR,
  ],
  details: [
    'Figures are exact integers for one image. MACs count the multiply-accumulates of CONV, LOCAL and FC;',
    'FLOPs (in JSON and the summary) are 2 x MACs plus the element operations of the other layers.',
    'Examples:',
    '  cnncalc table examples/vgg16.cnn',
    '  cnncalc table examples/vgg16.cnn --style cs231n',
    '  cnncalc table examples/pattern.cnn --set N=3 --set M=2 --format markdown',
    '  cnncalc table examples/resnet50.cnn --depth 0',
  ].join('\n'),
  run({ values, positionals, io }) {
    const format = formatOption(values, FORMATS);
    const style = (values['style'] as string | undefined) ?? 'default';
    if (!(STYLES as readonly string[]).includes(style)) throw new UsageError(`--style takes ${STYLES.join(' or ')}; got '${style}'`);
    if (style === 'cs231n' && format !== 'text') throw new UsageError('--style cs231n is a text layout; leave out --format');
    const depth = integerOption(values['depth'] as string | undefined, '--depth', 0) ?? Infinity;
    const path = onePath(positionals, 'table');
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    if (format === 'json') io.stdout(renderJson(analysis, path));
    else if (style === 'cs231n') io.stdout(renderCs231n(analysis));
    else {
      // written as it is made: a long network's table is megabytes (report/lines.ts)
      const lines = format === 'markdown' ? markdownLines(analysis, depth) : format === 'csv' ? csvLines(analysis) : tableLines(analysis, chalkFor(values, io, 'stdout'), depth);
      for (const chunk of inChunks(lines)) io.stdout(chunk);
    }
    return EXIT.ok;
  },
};
