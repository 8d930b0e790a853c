// cnncalc run's work: weights in PyTorch layouts named by layer number (a plain nn.Sequential state
// dict through the rule '=1'), the missing / extra / mis-shaped tensor errors, and a LeNet-5 forward
// pass against arithmetic written out.

import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/tensor-io/npy.js';
import { readSafetensors, writeSafetensors } from '../../src/tensor-io/safetensors.js';
import { buildNetwork } from '../../src/exec/build.js';
import { Tracker } from '../../src/exec/memory.js';
import { createRandom } from '../../src/exec/random.js';
import { runNetwork } from '../../src/exec/run.js';
import { parseSequentialRule, renameTensors } from '../../src/exec/tensor-names.js';
import { loadWeights, namedParameters, WeightsError } from '../../src/exec/weights.js';
import { setUpSession } from '../../src/exec/session.js';
import { wasmRuntime } from '../../src/exec/wasm/runtime.js';
import { analysisOf, example } from '../helpers.js';

const TINY = 'INPUT [3x3x2] => CONV(f=2, k=1, p=0) => RELU => FC-2';

/** TINY's weights under the names CONV and FC have: by default their layer numbers (INPUT is 0,
 *  CONV 1, RELU 2, FC 3); ('0', '2') gives the names of PyTorch's nn.Sequential(conv, relu, fc). */
function tinyWeights(conv = '1', fc = '3'): Map<string, { shape: number[]; data: Float32Array }> {
  // conv: one filter [1, 2, 2, 2]: channel 0 all 1, channel 1 all -1; FC [2, 4]: rows picking outputs
  return new Map([
    [`${conv}.weight`, { shape: [1, 2, 2, 2], data: new Float32Array([1, 1, 1, 1, -1, -1, -1, -1]) }],
    [`${conv}.bias`, { shape: [1], data: new Float32Array([0.5]) }],
    [`${fc}.weight`, { shape: [2, 4], data: new Float32Array([1, 0, 0, 0, 0, 0, 0, 2]) }],
    [`${fc}.bias`, { shape: [2], data: new Float32Array([0, 1]) }],
  ]);
}

describe('run with weights', () => {
  it('names tensors by nn.Sequential index and computes conv, relu, fc by hand', () => {
    const analysis = analysisOf(TINY);
    // channel 0 = 0..8, channel 1 = all 1
    const x = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // the state dict as an nn.Sequential saves it (modules from 0), read under --sequential =1
    const weights = renameTensors(readSafetensors(writeSafetensors(tinyWeights('0', '2'))), [parseSequentialRule('=1')!]);
    const r = runNetwork(analysis, { input: { shape: [1, 2, 3, 3], data: x }, weights, seed: 0 });
    expect(r.shape).toEqual([1, 2, 1, 1]);
    // conv at (0,0): 0+1+3+4 - 4 + 0.5 = 4.5; at (1,1) (y=1, x=1): 4+5+7+8 - 4 + 0.5 = 20.5
    expect(Array.from(r.data)).toEqual([4.5, 2 * 20.5 + 1]);
  });

  it('runs through .npy bytes as the CLI does', () => {
    const analysis = analysisOf(TINY);
    const input = readNpy(writeNpy([2, 2, 3, 3], new Float32Array(36).fill(1)));
    const r = runNetwork(analysis, { input, weights: tinyWeights(), seed: 0 });
    const back = readNpy(writeNpy(r.shape, r.data));
    expect(back.shape).toEqual([2, 2, 1, 1]);
    expect(Array.from(back.data)).toEqual([0.5, 2, 0.5, 2]); // conv 4 - 4 + 0.5
  });

  it('names the missing, extra and mis-shaped tensor', () => {
    const analysis = analysisOf(TINY);
    const input = { shape: [1, 2, 3, 3], data: new Float32Array(18) };
    const missing = tinyWeights();
    missing.delete('3.bias');
    expect(() => runNetwork(analysis, { input, weights: missing, seed: 0 })).toThrow(new WeightsError('missing tensor 3.bias (layer 3, FC): expected shape [2]'));
    const extra = tinyWeights();
    extra.set('2.weight', { shape: [3], data: new Float32Array(3) }); // layer 2 is the RELU: no parameters
    expect(() => runNetwork(analysis, { input, weights: extra, seed: 0 })).toThrow(/extra tensor 2\.weight \(shape \[3\]\)/);
    const wrong = tinyWeights();
    wrong.set('1.weight', { shape: [1, 2, 4], data: new Float32Array(8) });
    expect(() => runNetwork(analysis, { input, weights: wrong, seed: 0 })).toThrow('tensor 1.weight (layer 1, CONV) has shape [1, 2, 4]; expected [1, 2, 2, 2]');
  });

  it('refuses an input of the wrong shape', () => {
    expect(() => runNetwork(analysisOf(TINY), { input: { shape: [1, 3, 3, 3], data: new Float32Array(27) }, seed: 0 })).toThrow(
      'the input has shape [1, 3, 3, 3]; the network takes [N, 2, 3, 3] (N, C, H, W with N >= 1)',
    );
  });

  it('LeNet-5 with its own random weights written and read back gives the same output as the seeded run', () => {
    const analysis = analysisOf(example('lenet5.cnn'));
    const net = buildNetwork(analysis, new Tracker(), createRandom(11));
    const names = [...namedParameters(net).keys()];
    // the layer numbers of `cnncalc layers`: INPUT 0, conv 1, relu 2, pool 3, conv 4, ..., fc 7, 9, 11
    expect(names).toEqual(['1.weight', '1.bias', '4.weight', '4.bias', '7.weight', '7.bias', '9.weight', '9.bias', '11.weight', '11.bias']);
    expect(namedParameters(net).get('7.weight')!.shape).toEqual([120, 400]);
    const weights = readSafetensors(writeSafetensors(namedParameters(net)));
    const input = { shape: [2, 1, 32, 32], data: new Float32Array(2 * 1024).map((_, i) => Math.sin(i)) };
    const loaded = runNetwork(analysis, { input, weights, seed: 99 });
    // the seeded run builds the same weights from seed 11, then draws no input (it is given)
    const seeded = runNetwork(analysis, { input: { shape: input.shape, data: input.data.slice() }, seed: 11 });
    expect(Array.from(loaded.data)).toEqual(Array.from(seeded.data));
    expect(loaded.shape).toEqual([2, 10, 1, 1]);
  });
});

describe('the input batch', () => {
  it('is copied into the kernels memory, so the first layer runs there and the caller keeps its own', () => {
    // RELU first writes over its input in place: over the session's copy, not over x
    const analysis = analysisOf('INPUT [2x2x1] => RELU => FC-1');
    const x = new Float32Array([-1, 2, -3, 4]);
    const weights = new Map([
      ['2.weight', { shape: [1, 4], data: new Float32Array([1, 1, 1, 1]) }],
      ['2.bias', { shape: [1], data: new Float32Array([0]) }],
    ]);
    const session = setUpSession(analysis, { batch: 1, seed: 0, train: false, optimizer: 'sgd', input: x, load: (net) => loadWeights(net, weights) });
    expect(session.input).not.toBe(x);
    expect(wasmRuntime()?.arena.owns(session.input) ?? true).toBe(true);
    const r = runNetwork(analysis, { input: { shape: [1, 1, 2, 2], data: x }, weights, seed: 0 });
    expect(Array.from(r.data)).toEqual([2 + 4]); // relu(-1, 2, -3, 4) summed
    expect(Array.from(x)).toEqual([-1, 2, -3, 4]);
  });
});
