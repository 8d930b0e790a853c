// An executable network (its parameters seeded or loaded: exec/build.ts, exec/weights.ts) as an ONNX
// model, as plain data for encode.ts. The graph walks the layers in order, each kind writing its
// operators (ops.ts); tensors are N,C,H,W float32, an FC's output [N, n] as in the PyTorch export
// (export/pytorch.ts), viewed as [N, n, 1, 1] where a kind needs four dimensions. The input is
// `input`, the output `output`, each side output `output_<layer>`; the batch size is the symbolic
// `N`. The initializers are the parameters under the names `cnncalc run --weights` reads
// (`3.weight`), a layer sharing weights using its first use's.

import type { LayerAnalysis } from '../../analysis/analyze.js';
import type { ExecNetwork } from '../../exec/network.js';
import { ownParams } from '../../exec/network.js';
import { tensorName } from '../../exec/weights.js';
import type { LayerKind, ParamName } from '../../layers/types.js';
import { definitionOf } from '../../layers/index.js';
import { VERSION } from '../../version.js';
import { needs4d } from '../modules.js';
import { flatOutputs } from '../pytorch.js';
import { floatTensor, GraphBuilder, OnnxLayerError, type NodeData, type TensorData } from './graph.js';
import type { KindOps, LayerGraph } from './layer-graph.js';
import { DATA_TYPE } from './onnx-proto.js';
import { INPUT_NAME, ONNX_OPS } from './ops.js';

/** The opsets the export writes (13: Softmax over one axis, Resize without roi; 21: what
 *  onnxruntime-node 1.30 and Netron read) and the IR version each needs (onnx docs/Versioning.md). */
export const OPSETS = { min: 13, max: 21, default: 17 } as const;
const irVersion = (opset: number): number => (opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10);

interface Dim { readonly dimValue?: number; readonly dimParam?: string }
export interface ValueInfoData {
  readonly name: string;
  readonly type: { readonly tensorType: { readonly elemType: number; readonly shape: { readonly dim: readonly Dim[] } } };
}

export interface ModelData {
  readonly irVersion: number;
  readonly opsetImport: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly graph: {
    readonly name: string;
    readonly node: readonly NodeData[];
    readonly initializer: readonly TensorData[];
    readonly input: readonly ValueInfoData[];
    readonly output: readonly ValueInfoData[];
  };
}

export interface OnnxOptions {
  readonly opset?: number;
  /** What the model's doc string calls the network's source (a file name). */
  readonly source?: string;
}

function valueInfo(name: string, sizes: readonly number[]): ValueInfoData {
  const dim = [{ dimParam: 'N' }, ...sizes.map((dimValue) => ({ dimValue }))];
  return { name, type: { tensorType: { elemType: DATA_TYPE.float, shape: { dim } } } };
}

function layerGraph(net: ExecNetwork, graph: GraphBuilder, a: LayerAnalysis, inputs: string[], flatInput: boolean): LayerGraph {
  const scope = String(a.node.id);
  const owner = net.layers[a.node.shares ?? a.node.id]!;
  return {
    layer: a, inputs, flatInput, opset: graph.opset,
    op: (op, ins, attrs) => graph.op(scope, op, ins, attrs),
    opOutputs: (op, ins, attrs, count) => graph.opOutputs(scope, op, ins, attrs, count),
    ints: (values) => graph.ints(scope, values),
    floats: (dims, values) => graph.floats(scope, dims, values),
    param: (name: ParamName) => (owner.params.some((p) => p.name === name) ? tensorName(owner, name) : ''),
    windows: () => definitionOf(a.layer).windows!(a.layer.args, a.input),
    requireOpset: (version, op) => {
      if (graph.opset < version) throw new OnnxLayerError(`${a.node.text.replace(/\s+/g, ' ')} needs ONNX's ${op}, which opset ${version} introduced; give --opset ${version} or later (the default is ${OPSETS.default})`, a.node.span);
    },
  };
}

/** Each layer's output tensor name, the operators appended to `graph` in layer order. */
function layerOutputs(net: ExecNetwork, graph: GraphBuilder, flat: readonly boolean[]): string[] {
  const names: string[] = [];
  for (const a of net.analysis.layers) {
    const ins = a.node.inputs;
    const wants4d = needs4d(a) || (ins.length > 1 && !ins.every((i) => flat[i]));
    const inputs = ins.map((i) => (wants4d && flat[i] ? graph.op(String(a.node.id), 'Reshape', [names[i]!, graph.ints(String(a.node.id), [0, -1, 1, 1])]) : names[i]!));
    const l = layerGraph(net, graph, a, inputs, ins.length > 0 && flat[ins[0]!]! && !wants4d);
    names.push((ONNX_OPS[a.layer.kind] as KindOps<LayerKind>)(a.layer.args, l));
  }
  return names;
}

export function onnxModel(net: ExecNetwork, options: OnnxOptions = {}): ModelData {
  const analysis = net.analysis;
  const graph = new GraphBuilder(options.opset ?? OPSETS.default);
  const flat = flatOutputs(analysis.layers);
  const names = layerOutputs(net, graph, flat);
  const outputs = [analysis.network.output, ...analysis.network.sideOutputs].map((id, i) => {
    const name = i === 0 ? 'output' : `output_${id}`;
    graph.nodes.push({ name, opType: 'Identity', input: [names[id]!], output: [name], attribute: [] });
    const s = analysis.layers[id]!.output;
    return valueInfo(name, flat[id] ? [s.depth] : [s.depth, s.height, s.width]);
  });
  const input = analysis.layers[0]!.output;
  const initializer = net.layers.flatMap((l) => ownParams(l).map((p) => floatTensor(tensorName(l, p.name), p.shape, p.data)));
  return {
    irVersion: irVersion(graph.opset),
    opsetImport: [{ domain: '', version: graph.opset }],
    producerName: 'cnncalc',
    producerVersion: VERSION,
    docString: `Generated by cnncalc export --format onnx${options.source ? ` from ${options.source}` : ''}. Initializers are named as cnncalc run --weights reads them.`,
    graph: { name: 'network', node: graph.nodes, initializer, input: [valueInfo(INPUT_NAME, [input.depth, input.height, input.width])], output: outputs },
  };
}
