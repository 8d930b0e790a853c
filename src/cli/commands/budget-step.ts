// The options that describe the training step a memory budget models (precision, optimizer, GPU or
// limit, runtime, its GPU terms, gradients kept or set to None, inference), declared once and read
// once for every command that estimates a step: `cnncalc budget` and `cnncalc report`. The batch is
// each command's own (budget requires it; report defaults it).

import { findDevice, DEVICES, type Device } from '../../budget/devices.js';
import type { ModelOptions } from '../../budget/moments.js';
import type { BudgetStep } from '../../budget/step.js';
import { RUNTIME_NAMES, RUNTIMES, runtimeOptions } from '../../budget/runtimes.js';
import { BUDGET_DTYPES, OPTIMIZERS, type BudgetDtype, type Optimizer } from '../../budget/precision.js';
import { parseSize } from '../../util/size.js';
import { UsageError } from '../exit-codes.js';
import { oneOf, sizeOption, type OptionSpec } from '../options.js';
import { CUDA_OPTIONS, cudaOptions } from './budget-cuda.js';

export const STEP_OPTIONS = [
  { name: 'dtype', type: 'string', value: BUDGET_DTYPES.join('|'), description: 'precision (default fp32); mixed = fp16 compute, fp32 master weights, gradients and optimizer state' },
  { name: 'optimizer', type: 'string', value: OPTIMIZERS.join('|'), description: 'optimizer whose state is kept (default sgd)' },
  { name: 'device', type: 'string', value: 'NAME', description: "a GPU: its memory is the limit and its default reserve applies ('--devices' lists them)" },
  { name: 'limit', type: 'string', value: 'SIZE', description: 'memory limit, e.g. 12GiB or 16GB (instead of --device)' },
  { name: 'reserve', type: 'string', value: 'SIZE', description: "bytes the driver and ECC keep, and a fragmentation margin (default 0 with --limit, the device's default with --device)" },
  ...CUDA_OPTIONS,
  { name: 'runtime', type: 'string', value: RUNTIME_NAMES.join('|'), description: "what runs the step: whose saving rules, index and mask sizes, temporaries (default pytorch-cuda; --device implies it)" },
  { name: 'set-to-none', type: 'boolean', description: "gradients set to None between steps (zero_grad(set_to_none=True), PyTorch 2's default): they exist only from backward to the step; by default they are kept" },
  { name: 'inference', type: 'boolean', description: 'forward pass only: no gradients, optimizer state or saved activations' },
] as const satisfies readonly OptionSpec[];

type StepValues = { readonly [K in (typeof STEP_OPTIONS)[number]['name']]?: string | boolean };

/** The step as the options give it (budget/step.ts). */
export type StepSettings = BudgetStep;

function deviceOption(name: string | undefined): Device | null {
  if (name === undefined) return null;
  const device = findDevice(name);
  if (!device) throw new UsageError(`unknown device '${name}'; the devices are ${DEVICES.map((d) => d.name).join(', ')} ('cnncalc budget --devices' lists them)`);
  return device;
}

/** Reads STEP_OPTIONS; a bad or contradictory value is a UsageError naming the option. */
export function stepSettings(values: StepValues): StepSettings {
  const text = (name: (typeof STEP_OPTIONS)[number]['name']): string | undefined => values[name] as string | undefined;
  const dtype: BudgetDtype = oneOf('dtype', text('dtype') ?? 'fp32', BUDGET_DTYPES);
  const optimizer: Optimizer = oneOf('optimizer', text('optimizer') ?? 'sgd', OPTIMIZERS);
  const device = deviceOption(text('device'));
  const given = sizeOption(text('limit'), 'limit', parseSize);
  if (device && given !== undefined) throw new UsageError('give --device or --limit, not both');
  if (given === 0) throw new UsageError('--limit must be more than 0 bytes, e.g. 16GiB');
  const limit = device ? device.memory : (given ?? null);
  const reserve = sizeOption(text('reserve'), 'reserve', parseSize) ?? device?.reserve ?? 0;
  const runtime = RUNTIMES[oneOf('runtime', text('runtime') ?? 'pytorch-cuda', RUNTIME_NAMES)];
  if (device && runtime.name !== 'pytorch-cuda') throw new UsageError(`--device ${device.name} is a GPU: its runtime is pytorch-cuda; leave out --runtime ${runtime.name}, or give --limit instead of --device`);
  const cuda = cudaOptions(values, runtime, device);
  const gradients = values['set-to-none'] === true ? 'none' : 'kept';
  const model: ModelOptions = { dtype, optimizer, inference: values.inference === true, reserve, ...runtimeOptions(runtime), gradients, cuda };
  return { model, device, limit, runtime };
}
