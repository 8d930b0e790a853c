// cnncalc table FILE: the per-layer table in the chosen style and format.

import type { Analysis } from '../../analysis/analyze.js';
import { renderCs231n } from '../../report/cs231n.js';
import { csvHeader, csvLines } from '../../report/csv.js';
import { jsonReportLines } from '../../report/json.js';
import { markdownLines } from '../../report/markdown.js';
import { COLUMN_NAMES, columnAbout, DEFAULT_COLUMNS, isColumn, notInCsv, type Column } from '../../report/columns.js';
import type { Lines } from '../../report/lines.js';
import type { Paint } from '../../report/plain.js';
import { tableLines, type TableOptions } from '../../report/table.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chosenFormat, formatOption, JSON_OPTION, type Formats } from '../formats.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { writeLines } from '../output.js';
import { DTYPE_OPTION, integerOption, NETWORK_OPTIONS, oneOf } from '../options.js';

interface TableOutput {
  readonly analysis: Analysis;
  readonly file: string;
  readonly options: TableOptions;
  readonly paint: Paint;
}

// each is written as it is made: a long network's table is megabytes (report/lines.ts)
const FORMATS: Formats<'text' | 'json' | 'markdown' | 'csv', (o: TableOutput) => Lines> = {
  text: (o) => tableLines(o.analysis, o.paint, o.options),
  json: (o) => jsonReportLines(o.analysis, o.file),
  markdown: (o) => markdownLines(o.analysis, o.options),
  csv: (o) => csvLines(o.analysis, o.options),
};

type Format = keyof typeof FORMATS;

const STYLES = ['default', 'cs231n'] as const;

/** --columns a,b,c: known names, each once; null when not given. */
function columnsOption(text: string | undefined): Column[] | null {
  if (text === undefined) return null;
  const names = text.split(',').map((n) => n.trim().toLowerCase());
  const valid = `the columns are ${COLUMN_NAMES.join(', ')}`;
  const columns: Column[] = [];
  for (const name of names) {
    if (name === '') throw new UsageError(`--columns takes names separated by commas, e.g. --columns layer,output,params; ${valid}`);
    if (!isColumn(name)) throw new UsageError(`--columns: unknown column '${name}'; ${valid}`);
    if (names.indexOf(name) !== names.lastIndexOf(name)) throw new UsageError(`--columns: '${name}' is named twice; name each column once`);
    columns.push(name);
  }
  return columns;
}

/** Options that shape the per-layer rows mean nothing to the cs231n layout and the JSON report. */
function refuseRowOptions(values: { readonly depth?: string; readonly columns?: string }, format: Format, style: string): void {
  const where = style === 'cs231n' ? '--style cs231n (one row per notes layer, no blocks)' : format === 'json' ? '--format json (every layer and block is in it)' : null;
  if (where === null) return;
  for (const option of ['depth', 'columns'] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} does not apply to ${where}; leave it out, or use the text, markdown or csv format`);
  }
}

/** CSV gives exact figures only: a rounded column is refused there rather than written as text. */
function refuseCsvColumns(columns: readonly Column[] | null, format: Format): void {
  if (format !== 'csv' || columns === null) return;
  for (const c of columns) {
    const why = notInCsv(c);
    if (why !== null) throw new UsageError(`--columns ${c} does not apply to --format csv: ${why}`);
  }
}

const COLUMN_HELP = [
  `Columns (--columns; default ${DEFAULT_COLUMNS.join(',')}; percent is not in CSV, which holds exact figures):`,
  ...COLUMN_NAMES.map((c) => `  ${c.padEnd(12)}${columnAbout(c)}`),
  'The CSV header (--format csv without --columns):',
  `  ${csvHeader()}`,
];

export const table = defineCommand({
  name: 'table',
  summary: 'Print every layer of a network: output shape, params and their share, memory, MACs, receptive field (--columns for more).',
  usage: 'cnncalc table FILE [options]',
  options: [
    formatOption(FORMATS),
    JSON_OPTION,
    { name: 'style', type: 'string', value: STYLES.join('|'), description: "text layout: cnncalc's columns, or the cs231n notes' VGG table" },
    { name: 'depth', type: 'string', value: 'N', description: 'fold blocks nested deeper than N into one row with their subtotals (default: show all); text, markdown and csv' },
    { name: 'columns', type: 'string', value: 'A,B,...', description: `the columns to show, in order, e.g. layer,output,params,percent ('cnncalc help table' lists the ${COLUMN_NAMES.length}); text, markdown and csv` },
    DTYPE_OPTION,
    ...NETWORK_OPTIONS,
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
    const format = chosenFormat(values, FORMATS);
    const style = oneOf('style', values.style ?? 'default', STYLES, ' or ');
    if (style === 'cs231n' && format !== 'text') throw new UsageError('--style cs231n is a text layout; leave out --format');
    refuseRowOptions(values, format, style);
    const depth = integerOption(values.depth, '--depth', 0) ?? Infinity;
    const columns = columnsOption(values.columns);
    refuseCsvColumns(columns, format);
    const options: TableOptions = { maxDepth: depth, ...(columns ? { columns } : {}) };
    const path = onePath(positionals, 'table', values);
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    if (style === 'cs231n') io.stdout(renderCs231n(analysis));
    else writeLines(io.stdout, FORMATS[format]({ analysis, file: loaded.file, options, paint: chalkFor(values, io, 'stdout') }));
    return EXIT.ok;
  },
});
