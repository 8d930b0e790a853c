// The named GPUs: the list, binary capacities, a source for each, names found by alias.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { DEVICES, findDevice } from '../../src/budget/devices.js';
import { ROOT } from '../helpers.js';

const GiB = 1024 ** 3;

it('has the GPUs the issue asks for, with their capacities in GiB', () => {
  const expected: Record<string, number> = {
    T4: 16, 'V100-16GB': 16, 'V100-32GB': 32, A10: 24, L4: 24, 'A100-40GB': 40, 'A100-80GB': 80, 'H100-80GB': 80, H200: 141, RTX3090: 24, RTX4090: 24,
  };
  for (const [name, gib] of Object.entries(expected)) expect(findDevice(name)?.memory, name).toBe(gib * GiB);
});

it('every device has a vendor source, written in a comment too, and a reserve below its memory', () => {
  const text = readFileSync(`${ROOT}src/budget/devices.ts`, 'utf8');
  for (const d of DEVICES) {
    expect(d.source).toMatch(/^https:\/\/www\.nvidia\.com\//);
    expect(text).toContain(`// ${d.source}`);
    expect(d.reserve).toBeGreaterThan(0);
    expect(d.reserve).toBeLessThan(d.memory / 8);
  }
});

it('finds devices by alias, whatever the case, spaces or underscores', () => {
  expect(findDevice('v100')?.name).toBe('V100-16GB');
  expect(findDevice('a100_80')?.name).toBe('A100-80GB');
  expect(findDevice('RTX 4090')?.name).toBe('RTX4090');
  expect(findDevice('h100')?.name).toBe('H100-80GB');
  expect(findDevice('K80')).toBeUndefined();
});
