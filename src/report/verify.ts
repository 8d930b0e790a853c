// cnncalc verify's report: per layer, each predicted figure beside the measured one with a mark,
// then the memory terms, then a verdict line. Formatting only: every figure and every mark comes from
// the VerifyReport (exec/verify.ts).

import type { ChalkInstance } from 'chalk';
import type { Check, MemoryCheck, VerifyReport } from '../exec/verify.js';
import { binarySize, grouped } from './format.js';
import { renderTextTable } from './text-table.js';

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

function cell(c: Check, chalk: ChalkInstance): string {
  return c.ok ? `${show(c.measured)} ${chalk.green('✓')}` : `${show(c.predicted)} ≠ ${show(c.measured)} ${chalk.red('✗')}`;
}

function memoryRow(m: MemoryCheck, chalk: ChalkInstance): string[] {
  return [TERM_NAMES[m.term], grouped(Number(m.predicted)), grouped(Number(m.measured)), binarySize(Number(m.measured)), m.rule, m.ok ? chalk.green('✓') : chalk.red('✗')];
}

export function renderVerifyText(r: VerifyReport, file: string, chalk: ChalkInstance): string {
  const mode = r.train ? `one training step (${r.optimizer})` : 'inference';
  const head = `${file}: batch ${r.batch}, seed ${r.seed}, ${mode}\n` +
    'Per image; each cell shows the measured figure and a mark, or predicted ≠ measured.\n\n';
  const layers = renderTextTable({
    header: ['#', 'layer', 'output', 'params', 'MACs', 'activation bytes', 'workspace bytes'],
    align: ['right', 'left', 'left', 'right', 'right', 'right', 'right'],
    rows: r.layers.map((l) => [String(l.id), l.text, cell(l.shape, chalk), cell(l.params, chalk), cell(l.macs, chalk), cell(l.activationBytes, chalk), cell(l.workspaceBytes, chalk)]),
  }, chalk);
  const memory = renderTextTable({
    header: ['memory (whole batch)', 'predicted', 'measured', '', 'rule', ''],
    align: ['left', 'right', 'right', 'right', 'left', 'left'],
    rows: r.memory.map((m) => memoryRow(m, chalk)),
  }, chalk);
  const timing = `time: forward ${r.seconds.forward.toFixed(2)} s` +
    (r.train ? `, backward ${r.seconds.backward.toFixed(2)} s, step ${r.seconds.step.toFixed(2)} s, loss ${r.loss?.toPrecision(6)}` : '') + '\n';
  const verdict = r.ok ? chalk.green('verified: every prediction matches the run') : chalk.red('MISMATCH: the run differs from the prediction where marked ✗');
  return `${head}${layers}\n${memory}\n${timing}${verdict}\n`;
}

export function renderVerifyJson(r: VerifyReport, file: string): string {
  return JSON.stringify({ file, ...r }, null, 2) + '\n';
}
