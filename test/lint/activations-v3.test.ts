// The rules that reason about activations by traits, on the v3 activations: RELU6 clips at 0 like
// RELU but also at 6, so it is the identity only on inputs within [0, 6] (RELU6's own, SIGMOID's
// and HSIGMOID's, which lie in [0, 1]); RELU is the identity on RELU6's output; the smooth ones
// (SILU, HSWISH, GELU) go negative and clip nothing.

import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/layers/index.js';
import { messagesOf } from './helpers.js';

const net = (layers: string): string => `INPUT [8x8x3] => CONV3-4 => ${layers} => FC-10`;
const redundant = (layers: string): string[] => messagesOf(net(layers), 'redundant-activation');

describe('redundant-activation', () => {
  it('RELU after RELU6 and RELU6 after RELU6, SIGMOID or HSIGMOID do nothing', () => {
    expect(redundant('RELU6 => RELU')).toEqual(['RELU follows RELU6 directly: its input is never negative, so it does nothing']);
    expect(redundant('RELU6 => RELU6')).toEqual(['RELU6 follows RELU6 directly: its input never leaves [0, 6], so it does nothing']);
    expect(redundant('SIGMOID => RELU6')).toEqual(['RELU6 follows SIGMOID directly: its input never leaves [0, 6], so it does nothing']);
    expect(redundant('HARDSIGMOID => RELU6')).toEqual(['RELU6 follows HARDSIGMOID directly: its input never leaves [0, 6], so it does nothing']);
    expect(redundant('RELU6 => POOL2 => RELU')).toEqual(['RELU follows RELU6 through POOL2: its input is never negative, so it does nothing']);
  });

  it('RELU6 after RELU still clips at 6: two activations in a row, not a no-op', () => {
    expect(redundant('RELU => RELU6')).toEqual(['RELU6 follows RELU directly: two activations in a row']);
  });

  it('RELU6 is not looked for through DROPOUT, whose 1/(1-p) scaling can pass 6', () => {
    expect(redundant('RELU6 => DROPOUT => RELU6')).toEqual([]);
    expect(redundant('RELU => DROPOUT => RELU6')).toEqual([]);
  });

  it('the signed activations clip nothing: a RELU after them is two activations in a row', () => {
    for (const a of ['SILU', 'SWISH', 'HSWISH', 'GELU']) expect(redundant(`${a} => RELU`)).toEqual([`RELU follows ${a} directly: two activations in a row`]);
    expect(redundant('HSWISH => HSIGMOID')).toEqual(['HSIGMOID follows HSWISH directly: two activations in a row']);
  });
});

describe('relu-on-scores', () => {
  it('RELU6 on the last FC clips the scores at 0 too; a smooth activation there is not this rule', () => {
    const scores = (a: string): string[] => messagesOf(`INPUT [8x8x3] => CONV3-4 => RELU6 => FC-10 => ${a}`, 'relu-on-scores');
    expect(scores('RELU6')).toEqual(["RELU6 after FC-10 clips the network's class scores at 0"]);
    expect(scores('GELU')).toEqual([]);
    expect(scores('HSIGMOID')).toEqual([]);
  });
});

describe('the activation traits', () => {
  it('unitInterval: only SIGMOID and HSIGMOID give outputs within [0, 1]', () => {
    const unit = Object.values(LAYERS).filter((d) => d.traits({} as never).activation?.unitInterval).map((d) => d.kind);
    expect(unit.sort()).toEqual(['hsigmoid', 'sigmoid']);
  });

  it('the output ranges: RELU6 [0, 6], HSIGMOID [0, 1]; SILU, HSWISH and GELU go negative (min -0.278, -0.375, -0.170)', () => {
    const a = (k: keyof typeof LAYERS) => LAYERS[k].traits({} as never).activation;
    expect(a('relu6')).toEqual({ nonNegative: true, clipsAtZero: true, ceiling: 6, unitInterval: false });
    expect(a('hsigmoid')).toEqual({ nonNegative: true, clipsAtZero: false, ceiling: null, unitInterval: true });
    for (const k of ['silu', 'hswish', 'gelu'] as const) expect(a(k)).toEqual({ nonNegative: false, clipsAtZero: false, ceiling: null, unitInterval: false });
  });
});
