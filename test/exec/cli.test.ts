// cnncalc verify and cnncalc run through the CLI, in-process: exit codes, the memory guard's
// message, the report's marks, files written.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/tensor-io/npy.js';
import { writeSafetensors } from '../../src/tensor-io/safetensors.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

const LENET = `${ROOT}examples/lenet5.cnn`;

describe('cnncalc verify', () => {
  it('passes on LeNet-5 with a mark on every figure, exit 0', async () => {
    const r = await cli(['verify', LENET, '--batch', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('28x28x6 ✓');
    expect(r.stdout).toContain('verified: every prediction matches the run');
    expect(r.stdout).not.toContain('✗');
  });

  it('--train --optimizer adam --json: optimizer state twice the parameters', async () => {
    const r = await cli(['verify', LENET, '--train', '--optimizer', 'adam', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const state = report.memory.find((m: { term: string }) => m.term === 'optimizerState');
    expect(state.measured).toBe(61706 * 4 * 2);
    expect(report.ok).toBe(true);
  });

  it('refuses a run over --max-memory with both figures, exit 2', async () => {
    const r = await cli(['verify', LENET, '--batch', '64', '--max-memory', '1MiB']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/would need [\d.]+ MiB \([\d.]+ MiB of tensors, the budget's prediction, and [\d.]+ KiB of the executor's per-layer objects\), more than --max-memory 1\.0 MiB; lower --batch or raise --max-memory\n$/);
  });

  it('bad options are usage errors', async () => {
    expect((await cli(['verify', LENET, '--optimizer', 'lion', '--train'])).code).toBe(2);
    expect((await cli(['verify', LENET, '--max-memory', 'lots'])).code).toBe(2);
  });
});

describe('cnncalc run', () => {
  it('reads the .npy batch and the safetensors weights, writes the output .npy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-run-'));
    const net = join(dir, 'tiny.cnn');
    writeFileSync(net, 'INPUT [2x2x1] => FC-1\n');
    writeFileSync(join(dir, 'x.npy'), writeNpy([2, 1, 2, 2], new Float32Array([1, 2, 3, 4, 0, 0, 0, 1])));
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([
      ['1.weight', { shape: [1, 4], data: new Float32Array([1, 10, 100, 1000]) }],
      ['1.bias', { shape: [1], data: new Float32Array([0.5]) }],
    ])));
    const r = await cli(['run', net, '--weights', join(dir, 'w.safetensors'), '--input', join(dir, 'x.npy'), '--output', join(dir, 'y.npy')]);
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    const y = readNpy(readFileSync(join(dir, 'y.npy'))); // the pooled Buffer as it is: the readers copy only its bytes
    expect(y.shape).toEqual([2, 1, 1, 1]);
    expect(Array.from(y.data)).toEqual([4321.5, 1000.5]);
  });

  it('a mis-shaped tensor is a one-line error naming it, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-run-'));
    const net = join(dir, 'tiny.cnn');
    writeFileSync(net, 'INPUT [2x2x1] => FC-1\n');
    writeFileSync(join(dir, 'x.npy'), writeNpy([1, 1, 2, 2], new Float32Array(4)));
    writeFileSync(join(dir, 'w.safetensors'), writeSafetensors(new Map([
      ['1.weight', { shape: [4, 1], data: new Float32Array(4) }],
      ['1.bias', { shape: [1], data: new Float32Array(1) }],
    ])));
    const r = await cli(['run', net, '--weights', join(dir, 'w.safetensors'), '--input', join(dir, 'x.npy'), '--output', join(dir, 'y.npy')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnncalc run: ${join(dir, 'w.safetensors')}: tensor 1.weight (layer 1, FC) has shape [4, 1]; expected [1, 4]\n`);
  });
});
