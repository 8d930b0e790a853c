// cnncalc budget in-process: reports, gates and exit codes (0 fits, 1 over or a gate failed, 2 bad input).
import { describe, expect, it } from 'vitest';
import { EXPLAIN } from '../../src/budget/explain.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';
import { SCHEMA_VERSION } from '../../src/report/json.js';

const VGG = `${ROOT}examples/vgg16.cnn`;
const GiB = 2 ** 30;

describe('cnncalc budget', () => {
  it('VGG16, batch 8, Adam on a V100 16GB: fits, with every term named', async () => {
    const r = await cli(['budget', VGG, '--batch', '8', '--optimizer', 'adam', '--device', 'V100-16GB']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const term of ['parameters', 'gradients', 'optimizer state', 'activations kept for backward', 'gradient buffers', 'workspace (cuDNN)', 'input batch', 'reserve', 'caching allocator', 'CUDA context', 'cuBLAS workspaces', 'total']) {
      expect(r.stdout).toContain(term);
    }
    expect(r.stdout).toContain('553,430,176');
    expect(r.stdout).toContain('1,106,860,352');
    expect(r.stdout).toMatch(/MiB|GiB/);
    expect(r.stdout).toMatch(/fits: .* headroom/);
  });
  it('JSON in bytes with the agreed names', async () => {
    const r = await cli(['budget', VGG, '--batch', '2', '--optimizer', 'adam', '--limit', '12GiB', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ batch: 2, dtype: 'fp32', optimizer: 'adam', limit: 12 * GiB, fits: true });
    expect(Object.keys(j.bytes)).toEqual(expect.arrayContaining(['parameters', 'gradients', 'optimizerState', 'activations', 'backwardPeak', 'workspace', 'input', 'reserve', 'total']));
    expect(j.bytes.parameters).toBe(553_430_176);
    expect(j.bytes.optimizerState).toBe(1_106_860_352);
    expect(j.bytes.reserve).toBe(0);
    expect(typeof j.maxBatch).toBe('number');
  });
  it('over the limit: exit 1 and says by how much', async () => {
    const r = await cli(['budget', VGG, '--batch', '8', '--limit', '1GiB']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DOES NOT FIT.*over by/);
  });
  it('--max-batch solves for the largest batch; it fits and the next does not', async () => {
    const r = await cli(['budget', VGG, '--optimizer', 'adam', '--device', 'V100-16GB', '--max-batch', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.batch).toBe(j.maxBatch);
    const next = JSON.parse((await cli(['budget', VGG, '--optimizer', 'adam', '--device', 'V100-16GB', '--batch', String(j.maxBatch + 1), '--json'])).stdout);
    expect(j.bytes.total).toBeLessThanOrEqual(16 * GiB);
    expect(next.bytes.total).toBeGreaterThan(16 * GiB);
    expect(next.fits).toBe(false);
  });
  it('--max-batch when not even one image fits: exit 1', async () => {
    const r = await cli(['budget', VGG, '--optimizer', 'adam', '--limit', '1GiB', '--max-batch']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('largest batch: none');
  });
  it('gates: --max-params, --max-macs, --max-activations with units', async () => {
    const base = ['budget', VGG, '--batch', '8'];
    expect((await cli([...base, '--max-params', '150M'])).code).toBe(0);
    expect((await cli([...base, '--max-params', '100M'])).code).toBe(1);
    expect((await cli([...base, '--max-macs', '20G'])).code).toBe(0); // 15.5 G
    expect((await cli([...base, '--max-macs', '10G'])).code).toBe(1);
    expect((await cli([...base, '--max-activations', '1GiB'])).code).toBe(0);
    const r = await cli([...base, '--max-activations', '512MiB']); // 581,025,792 bytes kept at batch 8
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  --max-activations');
  });
  it('--inference keeps no gradients or optimizer state', async () => {
    const j = JSON.parse((await cli(['budget', VGG, '--batch', '8', '--inference', '--json'])).stdout);
    expect([j.bytes.gradients, j.bytes.optimizerState, j.bytes.activations]).toEqual([0, 0, 0]);
  });
  it('--dtype mixed and markdown', async () => {
    const r = await cli(['budget', VGG, '--batch', '8', '--dtype', 'mixed', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| parameters | 830,145,264 |'); // 138,357,544 x (4 + 2)
  });
  it('--devices lists the GPUs with their sources; --explain prints the model', async () => {
    const d = await cli(['budget', '--devices']);
    expect(d.code).toBe(0);
    for (const name of ['T4', 'V100-16GB', 'V100-32GB', 'A10', 'L4', 'A100-40GB', 'A100-80GB', 'H100-80GB', 'H200', 'RTX3090', 'RTX4090']) expect(d.stdout).toContain(name);
    expect(d.stdout).toContain('https://www.nvidia.com/');
    const e = await cli(['budget', '--explain']);
    expect(e.stdout).toBe(EXPLAIN);
  });
  it('--devices --json gives the list as JSON with schemaVersion, sizes in bytes', async () => {
    const d = await cli(['budget', '--devices', '--json']);
    expect(d.code).toBe(0);
    const report = JSON.parse(d.stdout);
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    const v100 = report.devices.find((x: { name: string }) => x.name === 'V100-16GB');
    expect(v100.memory).toBe(16 * 2 ** 30); // NVIDIA's "16 GB HBM2", read as 16 GiB
    expect(v100.reserve).toBe(2 ** 30); // the 1 GiB default of cards up to 24 GiB
    expect(v100.source).toMatch(/^https:\/\//);
    expect((await cli(['budget', '--devices', '--format', 'json'])).stdout).toBe(d.stdout);
    const md = await cli(['budget', '--devices', '--format', 'markdown']);
    expect(md.code).toBe(2);
  });
  it('bad input: exit 2 with a one-line message', async () => {
    const cases: [string[], RegExp][] = [
      [['budget', VGG], /--batch is required/],
      [['budget', VGG, '--batch', '0'], /--batch takes a whole number of at least 1/],
      [['budget', VGG, '--batch', '8', '--dtype', 'int8'], /--dtype takes fp32, fp16, bf16, mixed/],
      [['budget', VGG, '--batch', '8', '--optimizer', 'lion'], /--optimizer takes/],
      [['budget', VGG, '--batch', '8', '--device', 'V99'], /unknown device 'V99'/],
      [['budget', VGG, '--batch', '8', '--limit', '12XB'], /--limit: bad size "12XB"/],
      [['budget', VGG, '--batch', '8', '--limit', '1GiB', '--device', 'T4'], /not both/],
      [['budget', VGG, '--max-batch'], /--max-batch needs a limit/],
      [['budget', VGG, '--batch', '8', '--max-params', '1.5MiB'], /--max-params: bad count/],
      [['budget', VGG, '--batch', String(2 ** 40)], /2\^53 - 1/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('cnncalc budget reserve and inference gates', () => {
  it('--reserve is added to the total; --device brings its default', async () => {
    const plain = JSON.parse((await cli(['budget', VGG, '--batch', '1', '--limit', '16GiB', '--json'])).stdout);
    const reserved = JSON.parse((await cli(['budget', VGG, '--batch', '1', '--limit', '16GiB', '--reserve', '2GiB', '--json'])).stdout);
    expect(reserved.bytes.reserve).toBe(2 * GiB);
    expect(reserved.bytes.total - plain.bytes.total).toBe(2 * GiB);
    const t4 = JSON.parse((await cli(['budget', VGG, '--batch', '1', '--device', 't4', '--json'])).stdout);
    expect([t4.limit, t4.bytes.reserve]).toEqual([16 * GiB, GiB]);
  });
  it('--max-activations with --inference checks the live activation buffers', async () => {
    // VGG16's largest adjacent pair: conv1_1's and conv1_2's outputs, 224*224*64 floats each, per image.
    const pair = 2 * 224 * 224 * 64 * 4;
    expect((await cli(['budget', VGG, '--batch', '1', '--inference', '--max-activations', String(pair)])).code).toBe(0);
    expect((await cli(['budget', VGG, '--batch', '1', '--inference', '--max-activations', String(pair - 1)])).code).toBe(1);
  });
});
