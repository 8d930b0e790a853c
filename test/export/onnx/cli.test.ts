// cnncalc export --format onnx through the CLI: the model file runs in onnxruntime-node, trained
// weights from --weights give the output worked out by hand, and what cannot be written is refused
// with exit 2 and a message naming what to do.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSafetensors } from '../../../src/tensor-io/safetensors.js';
import { cli } from '../../cli/run-cli.js';
import { ort } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runModel(file: string, shape: number[], data: number[]): Promise<{ dims: readonly number[]; data: number[] }> {
  const session = await ort.InferenceSession.create(readFileSync(file));
  const out = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(data), shape) }))['output']!;
  return { dims: out.dims, data: [...out.data] };
}

describe('cnncalc export --format onnx', () => {
  it('writes a model with trained weights: CONV then FC, worked out by hand', async () => {
    const weights = join(dir, 'w.safetensors');
    // CONV1-1 on a 2x1x1 input: y = 2x + 1 per pixel; RELU; FC-1 over the two pixels: 3*y0 - y1 + 0.5
    writeFileSync(weights, writeSafetensors(new Map([
      ['1.weight', { shape: [1, 1, 1, 1], data: Float32Array.of(2) }],
      ['1.bias', { shape: [1], data: Float32Array.of(1) }],
      ['3.weight', { shape: [1, 2], data: Float32Array.of(3, -1) }],
      ['3.bias', { shape: [1], data: Float32Array.of(0.5) }],
    ])));
    const model = join(dir, 'net.onnx');
    const r = await cli(['export', '-e', 'INPUT [2x1x1] => CONV1-1 => RELU => FC-1', '--format', 'onnx', '--weights', weights, '-o', model]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // image 1: x = (1, 2): y = (3, 5), 9 - 5 + 0.5 = 4.5; image 2: x = (-1, 0): y = (0, 1) after RELU, 0 - 1 + 0.5
    const out = await runModel(model, [2, 1, 1, 2], [1, 2, -1, 0]);
    expect(out.dims).toEqual([2, 1]);
    expect(out.data).toEqual([4.5, -0.5]);
  });

  it('refuses stdout, opsets it does not write, a kind the opset lacks and options of the other format', async () => {
    const net = ['-e', 'INPUT [4x4x2] => LN'];
    const noFile = await cli(['export', ...net, '--format', 'onnx']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/an ONNX model is binary: give -o FILE.onnx/);
    expect((await cli(['export', ...net, '--format', 'onnx', '-o', '-'])).code).toBe(2);
    const opset = await cli(['export', ...net, '--format', 'onnx', '--opset', '12', '-o', join(dir, 'x.onnx')]);
    expect(opset).toMatchObject({ code: 2 });
    expect(opset.stderr).toMatch(/--opset takes 13 to 21 \(default 17\); got 12/);
    const ln = await cli(['export', ...net, '--format', 'onnx', '--opset', '16', '-o', join(dir, 'x.onnx')]);
    expect(ln.code).toBe(2);
    // LN is at column 18 of line 1
    expect(ln.stderr).toBe("cnncalc export: <eval>:1:18: LN needs ONNX's LayerNormalization, which opset 17 introduced; give --opset 17 or later (the default is 17)\n");
    const pytorch = await cli(['export', ...net, '--seed', '3']);
    expect(pytorch.code).toBe(2);
    expect(pytorch.stderr).toMatch(/--weights, --seed and --opset are for --format onnx/);
  });

  it('names a weights file that lacks a tensor', async () => {
    const weights = join(dir, 'missing.safetensors');
    writeFileSync(weights, writeSafetensors(new Map([['1.weight', { shape: [1, 8], data: new Float32Array(8) }]])));
    const r = await cli(['export', '-e', 'INPUT [2x2x2] => FC-1', '--format', 'onnx', '-w', weights, '-o', join(dir, 'y.onnx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.safetensors: missing tensor 1\.bias \(layer 1, FC\): expected shape \[1\]/);
  });
});
