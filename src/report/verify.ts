// cnncalc verify's report: per layer, each predicted figure beside the measured one with a mark,
// then the memory terms, then a verdict line. Formatting only: every figure and every mark comes from
// the VerifyReport (exec/verify.ts).

import type { Paint } from './plain.js';
import type { Check, MemoryCheck, VerifyReport } from '../exec/verify.js';
import { binarySize, grouped } from './format.js';
import { SCHEMA_VERSION } from './json.js';
import { jsonLines } from './json-lines.js';
import type { Lines } from './lines.js';
import { textTableLines } from './text-table.js';
import { pathText } from '../util/path-text.js';

const TERM_NAMES: Readonly<Record<MemoryCheck['term'], string>> = {
  parameters: 'parameters (+ BN statistics)',
  gradients: 'gradients',
  optimizerState: 'optimizer state',
  input: 'input batch',
  activations: 'saved for backward',
  backwardPeak: 'backward gradient buffers, peak',
  workspace: 'im2col workspace',
  peak: 'peak live bytes',
};

const show = (v: number | string): string => (typeof v === 'number' ? grouped(v) : v);

function cell(c: Check, chalk: Paint): string {
  return c.ok ? `${show(c.measured)} ${chalk.green('✓')}` : `${show(c.predicted)} ≠ ${show(c.measured)} ${chalk.red('✗')}`;
}

function memoryRow(m: MemoryCheck, chalk: Paint): string[] {
  return [TERM_NAMES[m.term], grouped(Number(m.predicted)), grouped(Number(m.measured)), binarySize(Number(m.measured)), m.rule, m.ok ? chalk.green('✓') : chalk.red('✗')];
}

/** The text report line by line, the layers' rows made on demand (a long network's rows, held
 *  whole, cost more than the run's own per-layer objects). */
export function* verifyTextLines(r: VerifyReport, file: string, chalk: Paint): Generator<string> {
  const mode = r.train ? `one training step (${r.optimizer})` : 'inference';
  yield `${pathText(file)}: batch ${r.batch}, seed ${r.seed}, ${mode}`;
  yield 'Per image; each cell shows the measured figure and a mark, or predicted ≠ measured.';
  yield '';
  yield* textTableLines({
    header: ['#', 'layer', 'output', 'params', 'MACs', 'activation bytes', 'workspace bytes'],
    align: ['right', 'left', 'left', 'right', 'right', 'right', 'right'],
    rows: {
      count: r.layers.length,
      cells: (i) => {
        const l = r.layers[i]!;
        return [String(l.id), l.label, cell(l.shape, chalk), cell(l.params, chalk), cell(l.macs, chalk), cell(l.activationBytes, chalk), cell(l.workspaceBytes, chalk)];
      },
    },
  }, chalk);
  yield '';
  yield* textTableLines({
    header: ['memory (whole batch)', 'predicted', 'measured', '', 'rule', ''],
    align: ['left', 'right', 'right', 'right', 'left', 'left'],
    rows: r.memory.map((m) => memoryRow(m, chalk)),
  }, chalk);
  yield '';
  yield `time: forward ${r.seconds.forward.toFixed(2)} s` +
    (r.train ? `, backward ${r.seconds.backward.toFixed(2)} s, step ${r.seconds.step.toFixed(2)} s, loss ${r.loss?.toPrecision(6)}` : '');
  yield r.ok ? chalk.green('verified: every prediction matches the run') : chalk.red('MISMATCH: the run differs from the prediction where marked ✗');
}

function verifyJson(r: VerifyReport, file: string) {
  return { schemaVersion: SCHEMA_VERSION, file, ...r };
}

/** As JSON lines, one layer's checks at a time: the CLI writes them in chunks. */
export function verifyJsonLines(r: VerifyReport, file: string): Lines {
  return jsonLines(verifyJson(r, file));
}
