// Inside a parameterised block, the budget's and verify's rows name a layer with its arguments'
// values, as table rows do: b(4) below is CONV(f=3, k=4), not CONV(f=3, k=c).

import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';

const NET = 'let b(c) = CONV(f=3, k=c)\nINPUT [8x8x1] => b(4) => FC-2';

describe('layer labels with resolved arguments', () => {
  it('budget: held most by and the peak layer', async () => {
    const run = await cli(['budget', '-e', NET, '--batch', '2']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('CONV(f=3, k=4)');
    expect(run.stdout).not.toContain('k=c');
  });

  it('budget JSON keeps the text as written beside the label', async () => {
    const run = await cli(['budget', '-e', NET, '--batch', '2', '--json']);
    const json = JSON.parse(run.stdout) as { terms: { top: { text: string }[] }[] };
    const texts = json.terms.flatMap((t) => t.top.map((r) => r.text));
    expect(texts).toContain('CONV(f=3, k=c)');
  });

  it('verify: the rows', async () => {
    const run = await cli(['verify', '-e', NET]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CONV(f=3, k=4)');
    const json = JSON.parse((await cli(['verify', '-e', NET, '--json'])).stdout) as { layers: { text: string; label: string }[] };
    expect(json.layers[0]).toMatchObject({ text: 'CONV(f=3, k=c)', label: 'CONV(f=3, k=4)' });
  });
});
