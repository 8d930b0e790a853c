// The per-layer columns of the table, markdown and CSV reports: one entry per column with its
// header, its cell, its totals cell and its CSV fields. Adding a column means one entry here.
// `--columns` picks among COLUMN_NAMES; DEFAULT_COLUMNS is the text and Markdown layout (kept
// within 120 terminal columns for the example networks), CSV_COLUMNS the CSV's fixed header.

import type { Analysis } from '../analysis/analyze.js';
import { grouped, shareText, shapeText } from './format.js';
import { kernelOf, type Row } from './rows.js';
import { rationalText } from '../util/ratio.js';

function kernelText(row: Row): string {
  const k = kernelOf(row);
  return k ? `${k.width}x${k.height}` : '';
}

export const COLUMN_NAMES = ['index', 'layer', 'kernel', 'input', 'output', 'activations', 'memory', 'weights', 'biases', 'params', 'percent', 'buffers', 'macs', 'flops', 'rf'] as const;

export type Column = (typeof COLUMN_NAMES)[number];

/** torchinfo's summary columns (output, params, param %) with cnncalc's memory, MACs and receptive
 *  field: ResNet-50's and GoogLeNet's indented rows fit 120 columns; input and kernel are a --columns away. */
export const DEFAULT_COLUMNS: readonly Column[] = ['index', 'layer', 'output', 'params', 'percent', 'memory', 'macs', 'rf'];

export function isColumn(name: string): name is Column {
  return (COLUMN_NAMES as readonly string[]).includes(name);
}

/** How figures are written: grouped for people (1,728), bare for machines (1728). */
type Figure = (v: number) => string;
const exactFigure: Figure = String;

interface ColumnSpec {
  /** The header of text and Markdown tables. */
  header(analysis: Analysis): string;
  readonly numeric: boolean;
  /** What --help says the column holds. */
  readonly about: string;
  cell(row: Row, n: Figure, analysis: Analysis): string;
  /** The totals row's cell (sums over the layers after INPUT); '' where nothing adds up. */
  total(analysis: Analysis, n: Figure): string;
  /** The CSV's field names and values, where they differ from [name] and [cell(exact)]. */
  readonly csv?: { readonly names: readonly string[]; cells(row: Row, analysis: Analysis): string[]; total(analysis: Analysis): string[] };
  /** Why the column has no place in CSV, whose fields are exact figures (percent is rounded). */
  readonly notInCsv?: string;
}

const none = (): string => '';

const SPECS: Record<Column, ColumnSpec> = {
  index: { header: () => '#', numeric: true, about: "the layer's number (INPUT is 0)", cell: (r) => r.index, total: none },
  layer: {
    header: () => 'layer',
    numeric: false,
    about: 'the layer as written, with the values of block parameters; or the block',
    cell: (r) => r.label,
    total: () => 'total (layers after INPUT)',
  },
  kernel: { header: () => 'kernel', numeric: false, about: 'window size, width x height (CONV, LOCAL, POOL)', cell: kernelText, total: none },
  input: { header: () => 'input', numeric: false, about: 'input shape WxHxD (a merge: its first input)', cell: (r) => (r.input ? shapeText(r.input) : ''), total: none },
  output: { header: () => 'output', numeric: false, about: 'output shape WxHxD', cell: (r) => shapeText(r.output), total: none },
  activations: { header: () => 'activations', numeric: true, about: 'output elements', cell: (r, n) => n(r.activations), total: (a, n) => n(a.totals.activations) },
  memory: {
    header: (a) => `bytes (${a.dtype})`,
    numeric: true,
    about: "bytes of the output at --dtype (the activations times the bytes per element)",
    cell: (r, n) => n(r.bytes),
    total: (a, n) => n(a.totals.bytes),
    csv: { names: ['bytes', 'dtype'], cells: (r, a) => [String(r.bytes), a.dtype], total: (a) => [String(a.totals.bytes), a.dtype] },
  },
  weights: { header: () => 'weights', numeric: true, about: 'trainable weights', cell: (r, n) => n(r.weights), total: (a, n) => n(a.totals.weights) },
  biases: { header: () => 'biases', numeric: true, about: 'trainable biases', cell: (r, n) => n(r.biases), total: (a, n) => n(a.totals.biases) },
  params: { header: () => 'params', numeric: true, about: 'weights + biases (trainable)', cell: (r, n) => n(r.params), total: (a, n) => n(a.totals.params) },
  percent: {
    header: () => 'param %',
    numeric: true,
    about: "the row's share of all params",
    cell: (r, _n, a) => shareText(r.params, a.totals.params),
    total: (a) => shareText(a.totals.params, a.totals.params),
    notInCsv: "percent is a rounded share ('<0.1%', '-') and CSV holds exact figures; divide params by the total row's params instead",
  },
  buffers: { header: () => 'buffers', numeric: true, about: "non-trainable state: BN's running statistics", cell: (r, n) => n(r.buffers), total: (a, n) => n(a.totals.buffers) },
  macs: { header: () => 'MACs', numeric: true, about: 'multiply-accumulates per image', cell: (r, n) => n(r.macs), total: (a, n) => n(a.totals.macs) },
  flops: { header: () => 'FLOPs', numeric: true, about: '2 x MACs + element operations per image', cell: (r, n) => n(r.flops), total: (a, n) => n(a.totals.flops) },
  rf: {
    header: () => 'RF (stride)',
    numeric: true,
    about: 'receptive field and its effective stride (none from the first FC on)',
    cell: (r) => (r.receptiveField ? `${rationalText(r.receptiveField.size)} (${rationalText(r.receptiveField.stride)})` : '-'),
    total: none,
    csv: {
      names: ['rf', 'rf_stride'],
      cells: (r) => (r.receptiveField ? [rationalText(r.receptiveField.size), rationalText(r.receptiveField.stride)] : ['', '']),
      total: () => ['', ''],
    },
  },
};

/** Every column with an exact figure: the CSV header never changes with options (--dtype is a field). */
export const CSV_COLUMNS: readonly Column[] = COLUMN_NAMES.filter((c) => SPECS[c].notInCsv === undefined);

export function header(column: Column, analysis: Analysis): string {
  return SPECS[column].header(analysis);
}

/** The cell as text with thousands separators; `indent` prefixes the label once per level of nesting. */
export function cell(column: Column, row: Row, analysis: Analysis, indent = '  '): string {
  const text = SPECS[column].cell(row, grouped, analysis);
  return column === 'layer' && row.depth > 0 ? indentOf(indent, row.depth) + text : text;
}

/** The indent of each depth, made once (a long table has thousands of rows at a few depths). */
const INDENTS = new Map<string, string[]>();
function indentOf(indent: string, depth: number): string {
  let made = INDENTS.get(indent);
  if (!made) INDENTS.set(indent, (made = []));
  return (made[depth] ??= indent.repeat(depth));
}

/** The totals row: sums over the layers after INPUT (the table's rows below the INPUT row). */
export function totalCell(column: Column, analysis: Analysis): string {
  return SPECS[column].total(analysis, grouped);
}

export function isNumeric(column: Column): boolean {
  return SPECS[column].numeric;
}

export function columnAbout(column: Column): string {
  return SPECS[column].about;
}

/** Why a column cannot be a CSV column, or null if it can. */
export function notInCsv(column: Column): string | null {
  return SPECS[column].notInCsv ?? null;
}

/** CSV field names of a column: its name, or its own (memory gives bytes and dtype). The CSV
 *  header is built from these; a column notInCsv throws (the CLI refuses it before). */
export function csvNames(column: Column): readonly string[] {
  const spec = SPECS[column];
  if (spec.notInCsv) throw new Error(`--columns ${column} in CSV: ${spec.notInCsv}`);
  return spec.csv?.names ?? [column];
}

/** CSV fields of a row: exact figures, no separators, no padding. */
export function csvCells(column: Column, row: Row, analysis: Analysis): string[] {
  const spec = SPECS[column];
  return spec.csv ? spec.csv.cells(row, analysis) : [spec.cell(row, exactFigure, analysis)];
}

export function csvTotals(column: Column, analysis: Analysis): string[] {
  const spec = SPECS[column];
  return spec.csv ? spec.csv.total(analysis) : [spec.total(analysis, exactFigure)];
}
