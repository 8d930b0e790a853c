// The differential check: one network run by the executor (runSession, seeded He weights) and by
// onnxruntime-node on the ONNX export of the same weights (the same seed builds the same tensors:
// exec/build.ts), on the same random batch. Returns, per graph output (the network's output, then its
// side outputs), the largest difference scaled by the size of the output: max |a - b| / max(1, max |b|)
// (a value near zero among large ones carries the rounding error of the large sums that made it).

import { createRequire } from 'node:module';
import type { Analysis } from '../../../src/analysis/analyze.js';
import { exportOnnx } from '../../../src/export/onnx/index.js';
import { createRandom, fillUniform } from '../../../src/exec/random.js';
import { runSession } from '../../../src/exec/session.js';

interface OrtTensor { readonly data: Float32Array; readonly dims: readonly number[] }
interface Ort {
  InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<{ run(feeds: object): Promise<Record<string, OrtTensor>>; outputNames: readonly string[] }> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => object;
}

export const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort;

export interface OutputDifference {
  readonly name: string;
  readonly dims: readonly number[];
  readonly expectedDims: readonly number[];
  readonly difference: number;
}

function scaledDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= worst)) worst = d; // NaN on one side only counts as the worst
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

export async function compareWithOnnxruntime(analysis: Analysis, batch: number, seed: number, opset?: number): Promise<OutputDifference[]> {
  const s0 = analysis.layers[0]!.output;
  const shape = [batch, s0.depth, s0.height, s0.width];
  const input = new Float32Array(shape.reduce((x, y) => x * y, 1));
  fillUniform(input, createRandom(seed + 1), -1, 1);
  const bytes = await exportOnnx(analysis, { seed, ...(opset ? { opset } : {}) });
  // The executor keeps each output's values after the forward pass (a released buffer is only
  // accounted for, not reused), side outputs included.
  const run = runSession(analysis, { batch, seed, train: false, optimizer: 'sgd', input: input.slice() });
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const results = await session.run({ input: new ort.Tensor('float32', input, shape) });
  const ids = [analysis.network.output, ...analysis.network.sideOutputs];
  return ids.map((id, i) => {
    const name = i === 0 ? 'output' : `output_${id}`;
    const out = run.net.layers[id]!.out;
    const got = results[name]!;
    return { name, dims: got.dims, expectedDims: [batch, out.c, out.h, out.w], difference: scaledDifference(got.data, run.pass.values[id]!) };
  });
}
