// The summary lines under a table: totals in exact figures with a short form beside them.

import type { Analysis } from '../analysis/analyze.js';
import { binarySize, grouped, shortCount } from './format.js';

export function summaryLines(analysis: Analysis): string[] {
  const t = analysis.totals;
  return [
    `params: ${grouped(t.params)} (${shortCount(t.params)}) = ${grouped(t.weights)} weights + ${grouped(t.biases)} biases`,
    // torchinfo's trainable / non-trainable split: BN's running statistics are buffers, saved with the
    // model but not trained, so they are not params (as in PyTorch's parameters())
    `trainable params: ${grouped(t.params)}; non-trainable (buffers): ${grouped(t.buffers)}` + (t.buffers > 0 ? " (BN's running mean and variance)" : ''),
    `MACs: ${grouped(t.macs)} (${shortCount(t.macs)}); FLOPs: ${grouped(t.flops)} (${shortCount(t.flops)}) per image`,
    `activations: ${grouped(t.activations)} elements = ${grouped(t.bytes)} bytes (${binarySize(t.bytes)}, ${analysis.dtype}) per image`,
    `  with the input: ${grouped(t.activationsWithInput)} elements = ${grouped(t.bytesWithInput)} bytes (${binarySize(t.bytesWithInput)})`,
  ];
}
