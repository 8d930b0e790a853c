// LN, SCALE and SHUFFLE through the analysis, the executor's initial values, the export and the
// errors, each figure worked out by hand from the kinds' formulas (layers/ln.ts, scale.ts, shuffle.ts).

import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/exec/build.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom } from '../../src/exec/random.js';
import { exportPytorch } from '../../src/export/pytorch.js';
import { cli } from '../cli/run-cli.js';
import { readExport } from '../export/python-source.js';
import { analysisOf, errorsOf } from '../helpers.js';

// ids: 1 CONV1 (k=6), 2 LN, 3 SCALE, 4 SHUFFLE, 5 LN(eps=0.01), 6 SCALE(init=0.25), 7 SHUFFLE(g=3) on 4 x 3 x 6
const SOURCE = 'INPUT [4x3x6] => CONV(f=1) => LN => SCALE => SHUFFLE => LAYERNORM(eps=0.01) => SCALE(init=0.25) => SHUFFLE(g=3)';

describe('figures', () => {
  const layers = analysisOf(SOURCE).layers;
  const elements = 4 * 3 * 6; // 72 per image

  it('LN: D weights and D biases, no buffers, 7 element operations per element', () => {
    expect(layers[2]).toMatchObject({ weights: 6, biases: 6, params: 12, buffers: 0, macs: 0, flops: 7 * elements });
    expect(layers[2]!.layer.args).toEqual({ eps: 1e-6 }); // torchvision ConvNeXt's
    expect(layers[5]!.layer.args).toEqual({ eps: 0.01 });
  });

  it('SCALE: D weights, no biases, one multiply per element', () => {
    expect(layers[3]).toMatchObject({ weights: 6, biases: 0, params: 6, macs: 0, flops: elements });
    expect(layers[6]!.layer.args).toEqual({ init: 0.25 });
  });

  it('SHUFFLE: nothing to learn or compute; the receptive field passes through', () => {
    expect(layers[4]).toMatchObject({ params: 0, macs: 0, flops: 0, output: { width: 4, height: 3, depth: 6 } });
    expect(layers[4]!.layer.args).toEqual({ g: 2 });
    expect(layers[7]!.receptiveField).toEqual(layers[1]!.receptiveField);
  });
});

describe('the executor', () => {
  it('starts SCALE at init, LN at weight 1 and bias 0', () => {
    const net = buildNetwork(analysisOf(SOURCE), new Tracker(), createRandom(1));
    const values = (id: number, name: string): number[] => [...net.layers[id]!.params.find((p) => p.name === name)!.data];
    expect(values(3, 'weight')).toEqual(Array(6).fill(Math.fround(1e-6)));
    expect(values(6, 'weight')).toEqual(Array(6).fill(0.25));
    expect(values(2, 'weight')).toEqual(Array(6).fill(1));
    expect(values(2, 'bias')).toEqual(Array(6).fill(0));
  });
});

describe('cnncalc verify', () => {
  // ConvNeXt's block tail and downsampling, ShuffleNet's shuffle, with an in-place RELU over each output
  const net = 'INPUT [8x8x4] => CONV(f=3, k=8) => LN => RELU => { CONV(f=1) => SCALE(init=0.5) + ID } => SHUFFLE(g=4) => RELU => LN => CONV(f=2, k=16, s=2) => FC-3';

  it.each([[['--batch', '2']], [['--train', '--batch', '2', '--optimizer', 'adam']]])('%j: every prediction matches the run', async (flags) => {
    const r = await cli(['verify', '-e', net, ...flags]);
    expect(r.stdout).toContain('verified: every prediction matches the run');
    expect(r.code).toBe(0);
  });
});

describe('export', () => {
  const module = readExport(exportPytorch(analysisOf(SOURCE)));

  it('writes the prelude modules with the resolved arguments', () => {
    expect(module.modules.slice(1).map(([, call]) => call)).toEqual([
      'LayerNorm2d(6, eps=0.000001)',
      'LayerScale(6, init=0.000001)',
      'ChannelShuffle(2)',
      'LayerNorm2d(6, eps=0.01)',
      'LayerScale(6, init=0.25)',
      'ChannelShuffle(3)',
    ]);
  });

  it("names the tensors as `run` loads them: LN's weight and bias [D], SCALE's weight [D, 1, 1]", () => {
    expect([...module.parameters].slice(2)).toEqual([
      ['2.weight', [6]], ['2.bias', [6]], ['3.weight', [6, 1, 1]],
      ['5.weight', [6]], ['5.bias', [6]], ['6.weight', [6, 1, 1]],
    ]);
  });
});

describe('errors', () => {
  it('SHUFFLE whose groups do not divide the depth names both', () => {
    const [e] = errorsOf('INPUT [4x4x6] => SHUFFLE(g=4)');
    expect(e).toMatchObject({ code: 'bad-argument', line: 1, column: 18 });
    expect(e!.message).toBe('SHUFFLE(g=4): groups g=4 must divide the input depth 6');
  });

  it('refuses g=0 and a negative eps or init, at the value', () => {
    const first = (layer: string) => errorsOf(`INPUT [4x4x6] => ${layer}`)[0];
    expect(first('SHUFFLE(g=0)')).toMatchObject({ code: 'out-of-range', column: 26, message: 'SHUFFLE: g (groups of channels to interleave) must be at least 1, got 0' });
    expect(first('LN(eps=-1)')).toMatchObject({ code: 'out-of-range', column: 21, message: 'LN: eps (added to the variance) must be at least 0, got -1' });
    expect(first('SCALE(init=-1)')).toMatchObject({ code: 'out-of-range', column: 24 });
  });
});
