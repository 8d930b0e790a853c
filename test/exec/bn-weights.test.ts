// Trained weights of a network with BN, as torch.save(model.state_dict()) holds them and
// safetensors.torch.save_file writes them: BN's weight, bias, running_mean and running_var (all
// read, all required) and num_batches_tracked, an I64 scalar that inference ignores. The state dict
// keeps nn.Sequential's names (modules from 0); the rule '=1' (run --sequential =1) reads module i as
// layer 1+i, whose own name is '<1+i>.*'.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/tensor-io/npy.js';
import { readSafetensors } from '../../src/tensor-io/safetensors.js';
import { runNetwork } from '../../src/exec/run.js';
import { parseSequentialRule, renameTensors } from '../../src/exec/tensor-names.js';
import { isIgnoredTensor, WeightsError } from '../../src/exec/weights.js';
import { analysisOf } from '../helpers.js';
import { cli } from '../cli/run-cli.js';

// nn.Sequential(nn.BatchNorm2d(2), FC(2, 1)), FC being an nn.Linear over the flattened input as
// cnncalc export writes it: BN is module 0, FC module 1; in the notation BN is layer 1, FC layer 2
const NET = 'INPUT [1x1x2] => BN => FC-1';
const SEQUENTIAL = [parseSequentialRule('=1')!];

type Tensor = { dtype: 'F32'; shape: number[]; data: number[] } | { dtype: 'I64'; shape: number[]; data: bigint[] };

/** A safetensors file written by hand (8-byte LE header length, JSON header padded with spaces to a
 *  multiple of 8, then the tensors' bytes in order), so that it can hold an I64 tensor. */
function safetensorsFile(tensors: Record<string, Tensor>): Uint8Array {
  const header: Record<string, unknown> = {};
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = t.dtype === 'F32' ? new Uint8Array(new Float32Array(t.data).buffer) : new Uint8Array(new BigInt64Array(t.data).buffer);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(new TextEncoder().encode(json), 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const f32 = (shape: number[], data: number[]): Tensor => ({ dtype: 'F32', shape, data });

function stateDict(): Record<string, Tensor> {
  return {
    '0.weight': f32([2], [2, 1]),
    '0.bias': f32([2], [0.5, -1]),
    '0.running_mean': f32([2], [1, 1]),
    '0.running_var': f32([2], [4, 1]),
    '0.num_batches_tracked': { dtype: 'I64', shape: [], data: [123n] },
    '1.weight': f32([1, 2], [1, 10]),
    '1.bias': f32([1], [0.25]),
  };
}

// x = (3, 5): BN in eval mode is (x - mean) / sqrt(var + 1e-5) * weight + bias per channel, then the FC
const bn0 = ((3 - 1) / Math.sqrt(4 + 1e-5)) * 2 + 0.5; // ~2.5
const bn1 = ((5 - 1) / Math.sqrt(1 + 1e-5)) * 1 - 1; // ~3
const EXPECTED = 1 * bn0 + 10 * bn1 + 0.25; // ~32.75

describe('BN weights from a PyTorch state dict', () => {
  it('skips num_batches_tracked (I64) before decoding when asked, and only then', () => {
    const bytes = safetensorsFile(stateDict());
    expect(() => readSafetensors(bytes)).toThrow('tensor "0.num_batches_tracked" has dtype I64, which cannot be read');
    const tensors = readSafetensors(bytes, { skip: isIgnoredTensor });
    expect([...tensors.keys()].sort()).toEqual(['0.bias', '0.running_mean', '0.running_var', '0.weight', '1.bias', '1.weight']);
    expect(isIgnoredTensor('12.num_batches_tracked')).toBe(true);
    expect(isIgnoredTensor('12.running_mean')).toBe(false);
  });

  it('uses the running mean and variance, not the initial 0 and 1', () => {
    const weights = renameTensors(readSafetensors(safetensorsFile(stateDict()), { skip: isIgnoredTensor }), SEQUENTIAL);
    const r = runNetwork(analysisOf(NET), { input: { shape: [1, 2, 1, 1], data: new Float32Array([3, 5]) }, weights, seed: 0 });
    expect(r.shape).toEqual([1, 1, 1, 1]);
    expect(r.data[0]).toBeCloseTo(EXPECTED, 4);
  });

  it('requires running_mean and running_var', () => {
    const input = { shape: [1, 2, 1, 1], data: new Float32Array([3, 5]) };
    for (const param of ['running_mean', 'running_var']) {
      const dict = stateDict();
      delete dict[`0.${param}`];
      const weights = renameTensors(readSafetensors(safetensorsFile(dict), { skip: isIgnoredTensor }), SEQUENTIAL);
      // module 0 is layer 1, BN: the message names the tensor as the file should, 0.*
      expect(() => runNetwork(analysisOf(NET), { input, weights, seed: 0 })).toThrow(new WeightsError(`missing tensor 0.${param} (layer 1, BN): expected shape [2]`));
    }
  });

  it('cnncalc run loads the state dict as saved, num_batches_tracked included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnncalc-bn-'));
    writeFileSync(join(dir, 'net.cnn'), `${NET}\n`);
    writeFileSync(join(dir, 'w.safetensors'), safetensorsFile(stateDict()));
    writeFileSync(join(dir, 'x.npy'), writeNpy([1, 2, 1, 1], new Float32Array([3, 5])));
    const r = await cli(['run', join(dir, 'net.cnn'), '--weights', join(dir, 'w.safetensors'), '--sequential', '=1', '--input', join(dir, 'x.npy'), '--output', join(dir, 'y.npy')]);
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    const y = readNpy(readFileSync(join(dir, 'y.npy')));
    expect(y.data[0]).toBeCloseTo(EXPECTED, 4);
  });
});
