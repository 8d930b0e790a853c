// Building an ONNX graph as plain data (the shapes of onnx-proto.ts's messages, which protobufjs
// encodes): nodes appended in topological order, each output named after the layer that made it
// (`3/Conv`), constants as Constant nodes, so that the initializers are exactly the network's
// parameters under their state-dict names (`3.weight`), as `cnncalc run --weights` reads them.

import type { Span } from '../../diagnostics/span.js';
import { ExportError } from '../modules.js';
import { ATTRIBUTE_TYPE, DATA_TYPE } from './onnx-proto.js';

export interface TensorData {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly rawData: Uint8Array;
}

export interface AttributeData {
  readonly name: string;
  readonly type: number;
  readonly i?: number;
  readonly f?: number;
  readonly s?: Uint8Array;
  readonly t?: TensorData;
  readonly ints?: readonly number[];
  readonly floats?: readonly number[];
}

export interface NodeData {
  readonly name: string;
  readonly opType: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly AttributeData[];
}

/** An attribute's value: a whole number is an INT, a list of them INTS; floats are marked with
 *  `float()`, text is a STRING. */
export type AttributeValue = number | readonly number[] | string | { readonly float: number } | { readonly floats: readonly number[] };

export const float = (f: number): { float: number } => ({ float: f });

/** An export that a layer's arguments make impossible (an operator the opset lacks): the CLI names
 *  the layer's file:line:column. */
export class OnnxLayerError extends ExportError {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

function attributeOf(name: string, v: AttributeValue): AttributeData {
  if (typeof v === 'number') return { name, type: ATTRIBUTE_TYPE.int, i: v };
  if (typeof v === 'string') return { name, type: ATTRIBUTE_TYPE.string, s: new TextEncoder().encode(v) };
  if ('float' in v) return { name, type: ATTRIBUTE_TYPE.float, f: v.float };
  if ('floats' in v) return { name, type: ATTRIBUTE_TYPE.floats, floats: v.floats };
  return { name, type: ATTRIBUTE_TYPE.ints, ints: v as readonly number[] };
}

const bytesOf = (a: Float32Array | BigInt64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function floatTensor(name: string, dims: readonly number[], data: Float32Array): TensorData {
  return { name, dims, dataType: DATA_TYPE.float, rawData: bytesOf(data) };
}

/** The nodes of a graph under construction. */
export class GraphBuilder {
  readonly nodes: NodeData[] = [];
  private readonly used = new Map<string, number>();

  constructor(readonly opset: number) {}

  /** A fresh tensor name under `scope` (`3/Conv`, then `3/Conv_1`). */
  private fresh(scope: string, op: string): string {
    const base = `${scope}/${op}`;
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }

  /** Appends `op` over `inputs` ('' skips an optional input) and returns its output's name. */
  op(scope: string, op: string, inputs: readonly string[], attrs: Readonly<Record<string, AttributeValue>> = {}): string {
    return this.opOutputs(scope, op, inputs, attrs, 1)[0]!;
  }

  /** Appends `op` with `count` outputs (MaxPool's values and indices) and returns their names. */
  opOutputs(scope: string, op: string, inputs: readonly string[], attrs: Readonly<Record<string, AttributeValue>>, count: number): string[] {
    const name = this.fresh(scope, op);
    const outputs = Array.from({ length: count }, (_, i) => (i === 0 ? name : `${name}:${i}`));
    this.nodes.push({ name, opType: op, input: inputs, output: outputs, attribute: Object.entries(attrs).map(([k, v]) => attributeOf(k, v)) });
    return outputs;
  }

  /** A Constant node holding an int64 tensor (shapes, axes, slice bounds). */
  ints(scope: string, values: readonly number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    const t: TensorData = { name: '', dims: [values.length], dataType: DATA_TYPE.int64, rawData: bytesOf(data) };
    return this.constant(scope, t);
  }

  /** A Constant node holding a float32 tensor; `dims` [] is a scalar. */
  floats(scope: string, dims: readonly number[], values: ArrayLike<number>): string {
    return this.constant(scope, floatTensor('', dims, Float32Array.from(values)));
  }

  private constant(scope: string, t: TensorData): string {
    const out = this.fresh(scope, 'Constant');
    this.nodes.push({ name: out, opType: 'Constant', input: [], output: [out], attribute: [{ name: 'value', type: ATTRIBUTE_TYPE.tensor, t: { ...t, name: out } }] });
    return out;
  }
}
