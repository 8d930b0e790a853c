// cnncalc table FILE: the per-layer table in the chosen style and format.

import { renderCs231n } from '../../report/cs231n.js';
import { csvLines } from '../../report/csv.js';
import { jsonReportLines } from '../../report/json.js';
import { markdownLines } from '../../report/markdown.js';
import { COLUMN_NAMES, columnAbout, CSV_COLUMNS, csvNames, DEFAULT_COLUMNS, isColumn, notInCsv, type Column } from '../../report/columns.js';
import { tableLines, type TableOptions } from '../../report/table.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { writeLines } from '../output.js';
import { COLOR, formatOption, DTYPE_OPTION, integerOption, NETWORK_OPTIONS, NO_COLOR, type Values } from '../options.js';

const FORMATS = ['text', 'json', 'markdown', 'csv'] as const;
const STYLES = ['default', 'cs231n'] as const;

/** --columns a,b,c: known names, each once; null when not given. */
function columnsOption(text: string | undefined): Column[] | null {
  if (text === undefined) return null;
  const names = text.split(',').map((n) => n.trim().toLowerCase());
  const valid = `the columns are ${COLUMN_NAMES.join(', ')}`;
  for (const name of names) {
    if (name === '') throw new UsageError(`--columns takes names separated by commas, e.g. --columns layer,output,params; ${valid}`);
    if (!isColumn(name)) throw new UsageError(`--columns: unknown column '${name}'; ${valid}`);
    if (names.indexOf(name) !== names.lastIndexOf(name)) throw new UsageError(`--columns: '${name}' is named twice; name each column once`);
  }
  return names as Column[];
}

/** Options that shape the per-layer rows mean nothing to the cs231n layout and the JSON report. */
function refuseRowOptions(values: Values, format: string, style: string): void {
  const where = style === 'cs231n' ? '--style cs231n (one row per notes layer, no blocks)' : format === 'json' ? '--format json (every layer and block is in it)' : null;
  if (where === null) return;
  for (const option of ['depth', 'columns']) {
    if (values[option] !== undefined) throw new UsageError(`--${option} does not apply to ${where}; leave it out, or use the text, markdown or csv format`);
  }
}

/** CSV gives exact figures only: a rounded column is refused there rather than written as text. */
function refuseCsvColumns(columns: readonly Column[] | null, format: string): void {
  if (format !== 'csv' || columns === null) return;
  for (const c of columns) {
    const why = notInCsv(c);
    if (why !== null) throw new UsageError(`--columns ${c} does not apply to --format csv: ${why}`);
  }
}

const COLUMN_HELP = [
  `Columns (--columns; default ${DEFAULT_COLUMNS.join(',')}; percent is not in CSV, which holds exact figures):`,
  ...COLUMN_NAMES.map((c) => `  ${c.padEnd(12)}${columnAbout(c)}`),
  // the names csv.ts writes its header from, so that the two cannot disagree
  'The CSV header (--format csv without --columns):',
  `  ${['row', 'path', ...CSV_COLUMNS.flatMap(csvNames)].join(',')}`,
];

export const table: Command = {
  name: 'table',
  summary: 'Print every layer of a network: output shape, params and their share, memory, MACs, receptive field (--columns for more).',
  usage: 'cnncalc table FILE [options]',
  options: [
    { name: 'format', short: 'f', type: 'string', value: 'text|json|markdown|csv', description: 'output format (default text)' },
    { name: 'json', type: 'boolean', description: 'short for --format json' },
    { name: 'style', type: 'string', value: 'default|cs231n', description: "text layout: cnncalc's columns, or the cs231n notes' VGG table" },
    { name: 'depth', type: 'string', value: 'N', description: 'fold blocks nested deeper than N into one row with their subtotals (default: show all); text, markdown and csv' },
    { name: 'columns', type: 'string', value: 'A,B,...', description: `the columns to show, in order, e.g. layer,output,params,percent ('cnncalc help table' lists the ${COLUMN_NAMES.length}); text, markdown and csv` },
    DTYPE_OPTION,
    ...NETWORK_OPTIONS,
    COLOR,
    NO_COLOR,
  ],
  details: [
    'Figures are exact integers for one image. MACs count the multiply-accumulates of CONV, LOCAL and FC;',
    'FLOPs (in JSON and the summary) are 2 x MACs plus the element operations of the other layers.',
    ...COLUMN_HELP,
    'Examples:',
    '  cnncalc table examples/vgg16.cnn',
    '  cnncalc table examples/vgg16.cnn --style cs231n',
    '  cnncalc table examples/pattern.cnn --set N=3 --set M=2 --format markdown',
    '  cnncalc table examples/resnet50.cnn --depth 0',
    '  cnncalc table examples/resnet18.cnn --columns layer,input,output,kernel,params,percent,buffers',
  ].join('\n'),
  run({ values, positionals, io }) {
    const format = formatOption(values, FORMATS);
    const style = (values['style'] as string | undefined) ?? 'default';
    if (!(STYLES as readonly string[]).includes(style)) throw new UsageError(`--style takes ${STYLES.join(' or ')}; got '${style}'`);
    if (style === 'cs231n' && format !== 'text') throw new UsageError('--style cs231n is a text layout; leave out --format');
    refuseRowOptions(values, format, style);
    const depth = integerOption(values['depth'] as string | undefined, '--depth', 0) ?? Infinity;
    const columns = columnsOption(values['columns'] as string | undefined);
    refuseCsvColumns(columns, format);
    const options: TableOptions = { maxDepth: depth, ...(columns ? { columns } : {}) };
    const path = onePath(positionals, 'table', values);
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    if (format === 'json') writeLines(io.stdout, jsonReportLines(analysis, loaded.file));
    else if (style === 'cs231n') io.stdout(renderCs231n(analysis));
    else {
      // written as it is made: a long network's table is megabytes (report/lines.ts)
      const lines = format === 'markdown' ? markdownLines(analysis, options) : format === 'csv' ? csvLines(analysis, options) : tableLines(analysis, chalkFor(values, io, 'stdout'), options);
      writeLines(io.stdout, lines);
    }
    return EXIT.ok;
  },
};
