// The per-layer columns of the table, markdown and CSV reports: one list, one header map, one
// cell function. Adding a column means one entry here.

import type { Analysis } from '../analysis/analyze.js';
import { grouped, shapeText } from './format.js';
import type { Row } from './rows.js';

export type Column = 'index' | 'layer' | 'output' | 'activations' | 'memory' | 'weights' | 'biases' | 'macs' | 'rf';

export const COLUMNS: readonly Column[] = ['index', 'layer', 'output', 'activations', 'memory', 'weights', 'biases', 'macs', 'rf'];

export function header(column: Column, analysis: Analysis): string {
  const headers: Record<Column, string> = {
    index: '#',
    layer: 'layer',
    output: 'output',
    activations: 'activations',
    memory: `memory (bytes, ${analysis.dtype})`,
    weights: 'weights',
    biases: 'biases',
    macs: 'MACs',
    rf: 'RF (stride)',
  };
  return headers[column];
}

/** The cell as plain text; `exact` drops the thousands separators (CSV); `indent` prefixes the
 *  label once per level of nesting. */
export function cell(column: Column, l: Row, exact = false, indent = '  '): string {
  const n = (v: number): string => (exact ? String(v) : grouped(v));
  switch (column) {
    case 'index':
      return l.index;
    case 'layer':
      return indent.repeat(l.depth) + l.label;
    case 'output':
      return shapeText(l.output);
    case 'activations':
      return n(l.activations);
    case 'memory':
      return n(l.bytes);
    case 'weights':
      return n(l.weights);
    case 'biases':
      return n(l.biases);
    case 'macs':
      return n(l.macs);
    case 'rf':
      return l.receptiveField ? `${l.receptiveField.size} (${l.receptiveField.stride})` : exact ? '' : '-';
  }
}

/** The totals row: sums over the layers after INPUT (the table's rows below the INPUT row). */
export function totalCell(column: Column, analysis: Analysis, exact = false): string {
  const n = (v: number): string => (exact ? String(v) : grouped(v));
  const t = analysis.totals;
  const totals: Record<Column, string> = {
    index: '',
    layer: 'total (layers after INPUT)',
    output: '',
    activations: n(t.activations),
    memory: n(t.bytes),
    weights: n(t.weights),
    biases: n(t.biases),
    macs: n(t.macs),
    rf: '',
  };
  return totals[column];
}

export function isNumeric(column: Column): boolean {
  return column !== 'layer' && column !== 'output';
}
