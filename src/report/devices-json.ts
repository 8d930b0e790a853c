// `cnncalc budget --devices --json`: the named GPUs for machines, sizes in bytes.

import type { Device } from '../budget/devices.js';
import { SCHEMA_VERSION } from './json.js';

function devicesJson(devices: readonly Device[]) {
  return {
    schemaVersion: SCHEMA_VERSION,
    devices: devices.map((d) => ({ name: d.name, aliases: d.aliases, description: d.description, memory: d.memory, reserve: d.reserve, source: d.source })),
  };
}

export function renderDevicesJson(devices: readonly Device[]): string {
  return JSON.stringify(devicesJson(devices), null, 2) + '\n';
}
