// The --max-layers ceiling (cli/layer-limit.ts): the heap limit over the measured heap per layer, so
// that an accepted network never runs V8 out of heap (a native crash, exit 134), and a refusal that
// says what heap the count would need.
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { PIPELINE_HEAP_PER_LAYER, maxLayersCeiling, maxLayersRefusal } from '../../src/cli/layer-limit.js';
import { cli } from './run-cli.js';

const GiB = 2 ** 30;

describe('--max-layers ceiling', () => {
  it('is the heap over 2 KiB a layer, rounded down to a thousand', () => {
    expect(PIPELINE_HEAP_PER_LAYER).toBe(2048);
    // 4 GiB / 2,048 bytes = 4,294,967,296 / 2,048 = 2,097,152 layers
    expect(maxLayersCeiling(4 * GiB)).toBe(2_097_000);
    // Node 20's default on this kind of machine: 4,144 MiB = 4,345,298,944 bytes / 2,048 = 2,121,728
    expect(maxLayersCeiling(4144 * 2 ** 20)).toBe(2_121_000);
    expect(maxLayersCeiling(8 * GiB)).toBe(4_194_000);
  });

  it('refusal names the ceiling, the heap, and the heap the count would need', () => {
    // 6,000,000 layers * 2,048 bytes = 11,718.75 MiB, rounded up to whole GiB: 12,288 MiB
    expect(maxLayersRefusal(6_000_000, 4 * GiB)).toBe(
      "--max-layers can be at most 2,097,000 in Node's 4.0 GiB heap (2.0 KiB per layer); got 6,000,000: give Node a larger heap (NODE_OPTIONS=--max-old-space-size=12288) or write fewer layers",
    );
  });

  it("refuses 'RELU*5999999 --max-layers 10000000' before reading the network (it crashed V8 with exit 134)", async () => {
    const r = await cli(['table', '-e', 'INPUT [1x1x1] => RELU*5999999', '--max-layers', '10000000']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--max-layers can be at most ${maxLayersCeiling(getHeapStatistics().heap_size_limit).toLocaleString('en-US')} in Node's`);
  });

  it('accepts the ceiling itself', async () => {
    const ceiling = maxLayersCeiling(getHeapStatistics().heap_size_limit);
    const r = await cli(['table', '-e', 'INPUT [1x1x1] => RELU*2', '--max-layers', String(ceiling)]);
    expect(r.code).toBe(0);
  });
});
