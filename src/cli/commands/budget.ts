// cnncalc budget FILE: will this network train on that GPU at that batch size? The estimate comes
// from budget/estimate.ts, the report from report/budget.ts; here only the options and exit codes:
// 0 it fits and every gate passes, 1 over the limit or a gate failed, 2 bad input.

import { findDevice, DEVICES, type Device } from '../../budget/devices.js';
import { buildModel } from '../../budget/moments.js';
import { evaluate } from '../../budget/estimate.js';
import { EXPLAIN } from '../../budget/explain.js';
import { checkGates } from '../../budget/gates.js';
import { maxBatch, type MaxBatch } from '../../budget/max-batch.js';
import { BUDGET_DTYPES, isBudgetDtype, isOptimizer, OPTIMIZERS } from '../../budget/precision.js';
import { summarize } from '../../budget/summary.js';
import { budgetJsonLines, renderBudgetMarkdown, renderBudgetText, renderDevices } from '../../report/budget.js';
import { renderDevicesJson } from '../../report/devices-json.js';
import { FigureOverflow } from '../../util/exact.js';
import { pathText } from '../../util/path-text.js';
import { parseCount, parseSize, SizeError } from '../../util/size.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { writeLines } from '../output.js';
import { COLOR, formatOption, integerOption, NETWORK_OPTIONS, NO_COLOR, type Values } from '../options.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

function sized(values: Values, name: string, parse: (t: string) => number): number | undefined {
  const text = values[name] as string | undefined;
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof SizeError) throw new UsageError(`--${name}: ${e.message}`);
    throw e;
  }
}

function deviceOption(values: Values): Device | null {
  const name = values['device'] as string | undefined;
  if (name === undefined) return null;
  const device = findDevice(name);
  if (!device) throw new UsageError(`unknown device '${name}'; the devices are ${DEVICES.map((d) => d.name).join(', ')} ('cnncalc budget --devices' lists them)`);
  return device;
}

export const budget: Command = {
  name: 'budget',
  summary: 'Memory of one training step (or inference) at a batch size, against a GPU or a limit; exit 1 when it does not fit.',
  usage: 'cnncalc budget FILE --batch B [--dtype D] [--optimizer O] [--device NAME | --limit SIZE] [options]',
  options: [
    { name: 'batch', short: 'b', type: 'string', value: 'B', description: 'images per step (required unless --max-batch)' },
    { name: 'dtype', type: 'string', value: BUDGET_DTYPES.join('|'), description: 'precision (default fp32); mixed = fp16 compute, fp32 master weights, gradients and optimizer state' },
    { name: 'optimizer', type: 'string', value: OPTIMIZERS.join('|'), description: 'optimizer whose state is kept (default sgd)' },
    { name: 'device', type: 'string', value: 'NAME', description: "a GPU: its memory is the limit and its default reserve applies ('--devices' lists them)" },
    { name: 'limit', type: 'string', value: 'SIZE', description: 'memory limit, e.g. 12GiB or 16GB (instead of --device)' },
    { name: 'reserve', type: 'string', value: 'SIZE', description: "bytes the framework keeps (default 0 with --limit, the device's default with --device)" },
    { name: 'inference', type: 'boolean', description: 'forward pass only: no gradients, optimizer state or saved activations' },
    { name: 'max-batch', type: 'boolean', description: 'solve for the largest batch that fits the limit' },
    { name: 'max-params', type: 'string', value: 'N', description: 'fail (exit 1) above N parameters, e.g. 150M' },
    { name: 'max-macs', type: 'string', value: 'N', description: 'fail (exit 1) above N multiply-accumulates per image, e.g. 20G' },
    { name: 'max-activations', type: 'string', value: 'SIZE', description: 'fail (exit 1) when the activations kept for backward (with --inference: those live at the peak) exceed SIZE, e.g. 512MiB' },
    { name: 'format', short: 'f', type: 'string', value: 'text|json|markdown', description: 'output format (default text); JSON figures are bytes' },
    { name: 'json', type: 'boolean', description: 'short for --format json' },
    { name: 'devices', type: 'boolean', description: 'list the named GPUs and exit (with --json: as JSON, sizes in bytes)' },
    { name: 'explain', type: 'boolean', description: 'print the memory model (every term and the total) and exit' },
    ...NETWORK_OPTIONS,
    COLOR,
    NO_COLOR,
  ],
  details: [
    'Sizes take binary or decimal units (12GiB, 512MiB, 16GB); counts take K, M, G (150M, 20G).',
    'Exit codes: 0 fits and every gate passes, 1 over the limit or a gate failed, 2 bad input.',
    'Examples:',
    '  cnncalc budget examples/vgg16.cnn --batch 8 --optimizer adam --device V100-16GB',
    '  cnncalc budget examples/vgg16.cnn --optimizer adam --device V100-16GB --max-batch',
    '  cnncalc budget examples/resnet50.cnn --batch 64 --dtype mixed --limit 24GiB --max-params 30M',
    '  cnncalc budget --explain',
  ].join('\n'),
  run({ values, positionals, io }) {
    if (values['explain']) {
      // the explanation is prose: a JSON or Markdown request gets a refusal, never text it did not ask for
      if (values['json'] || (values['format'] ?? 'text') !== 'text') throw new UsageError('--explain prints text; leave out --format and --json');
      io.stdout(EXPLAIN);
      return EXIT.ok;
    }
    if (values['devices']) {
      // --json and --format apply to the list as to the estimate; markdown has no device list
      const listFormat = formatOption(values, ['text', 'json']);
      io.stdout(listFormat === 'json' ? renderDevicesJson(DEVICES) : renderDevices(DEVICES, chalkFor(values, io, 'stdout')));
      return EXIT.ok;
    }
    const format = formatOption(values, FORMATS);
    const dtype = (values['dtype'] as string | undefined) ?? 'fp32';
    if (!isBudgetDtype(dtype)) throw new UsageError(`--dtype takes ${BUDGET_DTYPES.join(', ')}; got '${dtype}'`);
    const optimizer = (values['optimizer'] as string | undefined) ?? 'sgd';
    if (!isOptimizer(optimizer)) throw new UsageError(`--optimizer takes ${OPTIMIZERS.join(', ')}; got '${optimizer}'`);
    const device = deviceOption(values);
    const given = sized(values, 'limit', parseSize);
    if (device && given !== undefined) throw new UsageError('give --device or --limit, not both');
    if (given === 0) throw new UsageError('--limit must be more than 0 bytes, e.g. 16GiB');
    const limit = device ? device.memory : (given ?? null);
    const reserve = sized(values, 'reserve', parseSize) ?? device?.reserve ?? 0;
    const wantMax = values['max-batch'] === true;
    if (wantMax && limit === null) throw new UsageError('--max-batch needs a limit: give --device NAME or --limit SIZE');
    let batch = integerOption(values['batch'] as string | undefined, '--batch', 1);
    if (batch === undefined && !wantMax) throw new UsageError("--batch is required, e.g. 'cnncalc budget examples/vgg16.cnn --batch 32' (or use --max-batch)");
    const limits = {
      params: sized(values, 'max-params', parseCount),
      macs: sized(values, 'max-macs', parseCount),
      activations: sized(values, 'max-activations', parseSize),
    };
    const path = onePath(positionals, 'budget', values);
    // --dtype here is the budget's (mixed is not an analysis dtype): the analysis stays in elements.
    const loaded = loadNetwork(path, { ...values, dtype: undefined }, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    try {
      // PyTorch's conventions (explain.ts): int64 indices, LRN's saved intermediates, temporaries.
      const model = buildModel(analysis, { dtype, optimizer, inference: values['inference'] === true, reserve, saving: 'pytorch' });
      const solved: MaxBatch | null = limit === null ? null : maxBatch(model, limit);
      batch ??= Math.max(1, solved!.batch);
      const estimate = evaluate(model, batch);
      const gates = checkGates(analysis, estimate, { ...(limit !== null ? { memory: limit } : {}), ...defined(limits) });
      const summary = summarize(loaded.file, analysis, estimate, { limit, device, maxBatch: solved, gates });
      if (format === 'json') writeLines(io.stdout, budgetJsonLines(summary));
      else if (format === 'markdown') io.stdout(renderBudgetMarkdown(summary));
      else io.stdout(renderBudgetText(summary, chalkFor(values, io, 'stdout')));
      const maxFailed = wantMax && solved !== null && solved.batch === 0;
      return gates.every((g) => g.passed) && !maxFailed ? EXIT.ok : EXIT.checkFailed;
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      io.stderr(`cnncalc budget: ${pathText(loaded.file)}: the ${e.message}; cnncalc refuses to print an inexact figure (try a smaller --batch)\n`);
      return EXIT.badInput;
    }
  },
};

function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
