// `cnncalc export --format onnx`'s work: the network built as the executor builds it (seeded He
// initialisation from `seed`, exec/build.ts: the same seed gives the same tensors as `cnncalc run
// --seed`), or with weights read from a file (exec/weights.ts names and checks them), as the bytes
// of an ONNX model. The caller writes them (no Node APIs here).

import type { Analysis } from '../../analysis/analyze.js';
import { buildNetwork } from '../../exec/build.js';
import { Tracker } from '../../exec/memory.js';
import { createRandom } from '../../exec/random.js';
import { loadWeights, type WeightTensors } from '../../exec/weights.js';
import { encodeModel } from './encode.js';
import { onnxModel, type OnnxOptions } from './model.js';

export { OnnxLayerError } from './graph.js';
export { OPSETS, onnxModel, type ModelData, type OnnxOptions } from './model.js';

export interface OnnxExportOptions extends OnnxOptions {
  readonly seed?: number;
  /** Trained weights (throws WeightsError naming a missing, extra or misshapen tensor). */
  readonly weights?: WeightTensors;
}

export async function exportOnnx(analysis: Analysis, o: OnnxExportOptions = {}): Promise<Uint8Array> {
  const net = buildNetwork(analysis, new Tracker(), createRandom(o.seed ?? 0), !o.weights);
  if (o.weights) loadWeights(net, o.weights);
  return encodeModel(onnxModel(net, o));
}
