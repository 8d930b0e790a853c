// What a kind's ONNX operators (ops-*.ts) see of the layer they write: its inputs' tensor names
// (an FC's [N, n] already viewed as N,C,H,W where the kind needs four dimensions), its parameters'
// initializer names (the owner's, for a layer that shares weights), its windows, and the graph to
// append nodes to under the layer's number.

import type { LayerAnalysis } from '../../analysis/analyze.js';
import type { LayerArgs, LayerKind, ParamName, Windows } from '../../layers/types.js';
import type { AttributeValue } from './graph.js';

export interface LayerGraph {
  readonly layer: LayerAnalysis;
  readonly inputs: readonly string[];
  /** Whether the first input is [N, n] (after an FC) rather than N,C,H,W. */
  readonly flatInput: boolean;
  readonly opset: number;
  /** Appends an operator; returns its output's name. */
  op(op: string, inputs: readonly string[], attrs?: Readonly<Record<string, AttributeValue>>): string;
  /** Appends an operator with `count` outputs; returns their names. */
  opOutputs(op: string, inputs: readonly string[], attrs: Readonly<Record<string, AttributeValue>>, count: number): string[];
  /** An int64 constant (shapes, axes, bounds). */
  ints(values: readonly number[]): string;
  /** A float32 constant; dims [] is a scalar. */
  floats(dims: readonly number[], values: ArrayLike<number>): string;
  /** The initializer holding the layer's tensor `name` ('' where the layer has none: no bias). */
  param(name: ParamName): string;
  /** The layer's windows (CONV, LOCAL, POOL). */
  windows(): Windows;
  /** Throws OnnxLayerError at the layer unless the opset is at least `version`, which brought operator `op`. */
  requireOpset(version: number, op: string): void;
}

/** One kind's operators: they compute what the executor's kernels compute and return the name of
 *  the layer's output tensor. */
export type KindOps<K extends LayerKind> = (args: LayerArgs[K], l: LayerGraph) => string;

/** ONNX's pads: begin of each spatial axis, then end of each. */
export const pads = (h: number, w: number, hEnd = h, wEnd = w): number[] => [h, w, hEnd, wEnd];
