// cnncalc budget FILE: will this network train on that GPU at that batch size? The estimate comes
// from budget/estimate.ts, the report from report/budget.ts; here only the options and exit codes:
// 0 it fits and every gate passes, 1 over the limit or a gate failed, 2 bad input.

import { DEVICES, type Device } from '../../budget/devices.js';
import { buildModel } from '../../budget/moments.js';
import { evaluate } from '../../budget/estimate.js';
import { EXPLAIN } from '../../budget/explain.js';
import { checkGates } from '../../budget/gates.js';
import { maxBatch, type MaxBatch } from '../../budget/max-batch.js';
import { summarize, type BudgetSummary } from '../../budget/summary.js';
import { budgetJsonLines, renderBudgetMarkdown, renderBudgetText, renderDevices } from '../../report/budget.js';
import { renderDevicesJson } from '../../report/devices-json.js';
import type { Lines } from '../../report/lines.js';
import type { Paint } from '../../report/plain.js';
import { FigureOverflow } from '../../util/exact.js';
import { pathText } from '../../util/path-text.js';
import { parseCount, parseSize } from '../../util/size.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chosenFormat, formatOption, JSON_OPTION, type Formats } from '../formats.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { writeReport } from '../output.js';
import { integerOption, NETWORK_OPTIONS, sizeOption } from '../options.js';
import { STEP_OPTIONS, stepSettings } from './budget-step.js';

const FORMATS: Formats<'text' | 'json' | 'markdown', (s: BudgetSummary, paint: Paint) => string | Lines> = {
  text: renderBudgetText,
  json: (s) => budgetJsonLines(s),
  markdown: (s) => renderBudgetMarkdown(s),
};

/** --devices: markdown has no device list. */
const DEVICE_FORMATS: Formats<'text' | 'json', (devices: readonly Device[], paint: Paint) => string> = {
  text: renderDevices,
  json: (devices) => renderDevicesJson(devices),
};

export const budget = defineCommand({
  name: 'budget',
  summary: 'Memory of one training step (or inference) at a batch size, against a GPU or a limit; exit 1 when it does not fit.',
  usage: 'cnncalc budget FILE --batch B [--dtype D] [--optimizer O] [--device NAME | --limit SIZE] [options]',
  options: [
    { name: 'batch', short: 'b', type: 'string', value: 'B', description: 'images per step (required unless --max-batch)' },
    ...STEP_OPTIONS,
    { name: 'max-batch', type: 'boolean', description: 'solve for the largest batch that fits the limit' },
    { name: 'max-params', type: 'string', value: 'N', description: 'fail (exit 1) above N parameters, e.g. 150M' },
    { name: 'max-macs', type: 'string', value: 'N', description: 'fail (exit 1) above N multiply-accumulates per image, e.g. 20G' },
    { name: 'max-activations', type: 'string', value: 'SIZE', description: 'fail (exit 1) when the activations kept for backward (with --inference: those live at the peak) exceed SIZE, e.g. 512MiB' },
    formatOption(FORMATS, (first) => `output format (default ${first}); JSON figures are bytes`),
    JSON_OPTION,
    { name: 'devices', type: 'boolean', description: 'list the named GPUs and exit (with --json: as JSON, sizes in bytes)' },
    { name: 'explain', type: 'boolean', description: 'print the memory model (every term and the total) and exit' },
    ...NETWORK_OPTIONS,
  ],
  details: [
    'Sizes take binary or decimal units (12GiB, 512MiB, 16GB); counts take K, M, G (150M, 20G).',
    'Exit codes: 0 fits and every gate passes, 1 over the limit or a gate failed, 2 bad input.',
    'Examples:',
    '  cnncalc budget examples/vgg16.cnn --batch 8 --optimizer adam --device V100-16GB',
    '  cnncalc budget examples/vgg16.cnn --optimizer adam --device V100-16GB --max-batch',
    '  cnncalc budget examples/resnet50.cnn --batch 64 --dtype mixed --limit 24GiB --max-params 30M',
    '  cnncalc budget examples/lenet5.cnn --batch 256 --optimizer adam --runtime pytorch-cpu --limit 2GiB',
    '  cnncalc budget examples/resnet50.cnn --batch 32 --limit 16GiB --context 500MiB --cudnn-workspace 64MiB',
    '  cnncalc budget --explain',
  ].join('\n'),
  run({ values, positionals, io }) {
    if (values.explain) {
      // the explanation is prose: a JSON or Markdown request gets a refusal, never text it did not ask for
      if (values.json || (values.format ?? 'text') !== 'text') throw new UsageError('--explain prints text; leave out --format and --json');
      io.stdout(EXPLAIN);
      return EXIT.ok;
    }
    if (values.devices) {
      // --json and --format apply to the list as to the estimate
      io.stdout(DEVICE_FORMATS[chosenFormat(values, DEVICE_FORMATS)](DEVICES, chalkFor(values, io, 'stdout')));
      return EXIT.ok;
    }
    const render = FORMATS[chosenFormat(values, FORMATS)];
    const { model: modelOptions, device, limit, runtime } = stepSettings(values);
    const wantMax = values['max-batch'] === true;
    if (wantMax && limit === null) throw new UsageError('--max-batch needs a limit: give --device NAME or --limit SIZE');
    let batch = integerOption(values.batch, '--batch', 1);
    if (batch === undefined && !wantMax) throw new UsageError("--batch is required, e.g. 'cnncalc budget examples/vgg16.cnn --batch 32' (or use --max-batch)");
    const limits = {
      params: sizeOption(values['max-params'], 'max-params', parseCount),
      macs: sizeOption(values['max-macs'], 'max-macs', parseCount),
      activations: sizeOption(values['max-activations'], 'max-activations', parseSize),
    };
    const path = onePath(positionals, 'budget', values);
    // --dtype here is the budget's (mixed is not an analysis dtype): the analysis stays in elements.
    const loaded = loadNetwork(path, { ...values, dtype: undefined }, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    try {
      const model = buildModel(analysis, modelOptions);
      const solved: MaxBatch | null = limit === null ? null : maxBatch(model, limit);
      batch ??= Math.max(1, solved!.batch);
      const estimate = evaluate(model, batch);
      const gates = checkGates(analysis, estimate, { memory: limit ?? undefined, ...limits });
      const summary = summarize(loaded.file, analysis, estimate, { limit, device, runtime, maxBatch: solved, gates });
      writeReport(io.stdout, render(summary, chalkFor(values, io, 'stdout')));
      const maxFailed = wantMax && solved !== null && solved.batch === 0;
      return gates.every((g) => g.passed) && !maxFailed ? EXIT.ok : EXIT.checkFailed;
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      io.stderr(`cnncalc budget: ${pathText(loaded.file)}: the ${e.message}; cnncalc refuses to print an inexact figure (try a smaller --batch)\n`);
      return EXIT.badInput;
    }
  },
});
