// Numbers given on the command line: thousands groups are taken, any other comma is refused
// (1,5 is not fifteen), and the largest limit there is still gives an exact answer.

import { describe, expect, it } from 'vitest';
import { integerOption } from '../../src/cli/options.js';
import { cli } from './run-cli.js';

describe('whole-number options', () => {
  it.each([
    ['1000', 1000],
    ['1,000', 1000],
    ['1_000_000', 1_000_000],
  ])('%s is %d', (text, n) => {
    expect(integerOption(text, '--batch', 1)).toBe(n);
  });

  it.each(['1,0', '10,00', '1_0', '1e3', '0x10', '+3', '1.0'])('refuses %j', (text) => {
    expect(() => integerOption(text, '--depth', 0)).toThrow(`--depth takes a whole number of at least 0, got '${text}'`);
  });
});

describe('budget --limit', () => {
  it('refuses 1,5GiB instead of reading it as 15 GiB', async () => {
    const run = await cli(['budget', 'examples/lenet5.cnn', '--batch', '8', '--limit', '1,5GiB']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a comma or _ may only group thousands');
    expect(run.stdout).toBe('');
  });

  it('answers at a limit of 2^53 - 1 bytes: batch 8 fits, and the largest batch is solved', async () => {
    const run = await cli(['budget', 'examples/vgg16.cnn', '--batch', '8', '--limit', String(Number.MAX_SAFE_INTEGER)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/largest batch: [\d,]+/);
  });
});
