// The budget's controls: batch, dtype, optimizer, runtime and device, their choices taken from
// the library's own lists. A device is a GPU under PyTorch's caching allocator, so choosing one
// sets the runtime to pytorch-cuda, and choosing a CPU runtime clears the device (the CLI refuses
// --device with another runtime).

import { DEVICES } from '../../src/budget/devices.js';
import { BUDGET_DTYPES, OPTIMIZERS } from '../../src/budget/precision.js';
import { RUNTIME_NAMES, RUNTIMES } from '../../src/budget/runtimes.js';
import { binarySize } from '../../src/report/format.js';
import { escapeHtml } from './html.js';
import { DEFAULT_CONTROLS, type Controls } from './state.js';

export interface ControlElements {
  readonly batch: HTMLInputElement;
  readonly dtype: HTMLSelectElement;
  readonly optimizer: HTMLSelectElement;
  readonly runtime: HTMLSelectElement;
  readonly device: HTMLSelectElement;
}

function options(select: HTMLSelectElement, choices: readonly { value: string; label: string }[]): void {
  select.innerHTML = choices.map((c) => `<option value="${escapeHtml(c.value)}">${escapeHtml(c.label)}</option>`).join('');
}

const plain = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

export function fillControls(e: ControlElements): void {
  options(e.dtype, plain(BUDGET_DTYPES));
  options(e.optimizer, plain(OPTIMIZERS));
  options(e.runtime, RUNTIME_NAMES.map((name) => ({ value: name, label: name })));
  options(e.device, [{ value: '', label: 'none' }, ...DEVICES.map((d) => ({ value: d.name, label: `${d.name} (${binarySize(d.memory)})` }))]);
}

export function readControls(e: ControlElements): Controls {
  const batch = Number(e.batch.value);
  return {
    batch: Number.isSafeInteger(batch) && batch >= 1 ? batch : DEFAULT_CONTROLS.batch,
    dtype: e.dtype.value as Controls['dtype'],
    optimizer: e.optimizer.value as Controls['optimizer'],
    runtime: e.runtime.value as Controls['runtime'],
    device: e.device.value,
  };
}

export function writeControls(e: ControlElements, c: Controls): void {
  e.batch.value = String(c.batch);
  e.dtype.value = c.dtype;
  e.optimizer.value = c.optimizer;
  e.runtime.value = c.runtime;
  e.device.value = c.device;
}

/** After `changed` was set: the other of runtime and device made to agree with it. */
export function reconcile(e: ControlElements, changed: EventTarget | null): void {
  if (changed === e.device && e.device.value !== '') e.runtime.value = 'pytorch-cuda';
  if (changed === e.runtime && !RUNTIMES[e.runtime.value as Controls['runtime']].gpu) e.device.value = '';
}
